using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using TwinCity.Importers;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Models.Storage;
using TwinCity.Silo.Ingestion;
using TwinCity.Web.Hubs;

namespace TwinCity.Web.City;

/// <summary>
/// Makes an imported file the live city: imports it under a fresh blob prefix, initialises tile and
/// building grains, then switches the catalogue (the commit point) and tells every viewer. One switch
/// at a time; a failure at any step leaves the live city as it was.
/// </summary>
public sealed partial class CitySwitcher(
    IBlobStore blobs,
    IGrainFactory grains,
    CityStatus status,
    EntityDirectory directory,
    SensorDirectory sensors,
    TimeProvider time,
    IHubContext<TwinHub, ITwinClient> hub,
    ILogger<CitySwitcher> logger)
{
    /// <summary>Grain initialisations in flight at once while loading.</summary>
    private const int LoadParallelism = 64;

    /// <summary>Blob folder holding one subfolder per imported city version.</summary>
    private const string CitiesFolder = "cities";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _previousPrefix;

    /// <summary>Imports <paramref name="path"/> and makes it the live city.</summary>
    /// <exception cref="Importers.Errors.ImportException">The file cannot be imported; the twin is unchanged.</exception>
    public async Task<(ImportedCity City, long Version)> SwitchToAsync(string path, CityImportSettings settings, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var clock = Stopwatch.StartNew();
            var version = Math.Max(time.GetUtcNow().ToUnixTimeMilliseconds(), (await CurrentVersionAsync()) + 1);
            var prefix = $"{CitiesFolder}/{version}";
            var city = await new CityImporter(settings).ImportAsync(path, blobs, prefix, cancellationToken);
            foreach (var skipped in city.Report.Skipped)
            {
                LogFeatureSkipped(skipped);
            }

            try
            {
                await InitializeGrainsAsync(city, cancellationToken);
                await CityLayers.InitializeGrainsAsync(grains, city, LoadParallelism, cancellationToken);
                await CityLayers.RegisterSensorsAsync(grains, city);
                sensors.Invalidate();
                await Apis.ScenarioBaselineWriter.WriteAsync(blobs, version, city, cancellationToken);
                var info = new CityInfo(city.Name, city.Origin, [.. city.Tiles, .. city.Layers.SelectMany(l => l.Tiles)], MetricCatalog.Buildings, city.Provenance, version, CityLayers.Of(city));
                // The catalogue is the commit point: until it names the new city, viewers see the old one.
                await grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey).SetCityWithNetworksAsync(
                    info, [.. city.Buildings.Select(b => b.Id)], CityLayers.EntityTiles(city));
            }
            catch
            {
                await blobs.DeleteFolderAsync(prefix, CancellationToken.None);
                throw;
            }

            directory.Invalidate();
            var retired = _previousPrefix;
            _previousPrefix = status.ContentPrefix;
            status.SetReady(prefix, $"{city.Name}: {city.Buildings.Count} buildings in {city.Tiles.Count} tiles{CityLayers.Describe(city)}.");
            await hub.Clients.All.CityChanged(version);
            if (retired is not null)
            {
                // Two cities back: no viewer still loads its tiles (the previous one may, for a moment).
                await blobs.DeleteFolderAsync(retired, CancellationToken.None);
            }

            LogCityLoaded(city.Name, city.Buildings.Count, city.Tiles.Count, city.Report.Skipped.Count, clock.ElapsedMilliseconds);
            return (city, version);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Makes the city the catalogue already holds live on this front end, without importing anything:
    /// the twin restarted on its state, or another front end of the cluster loaded it. False when there
    /// is none, or its tiles are not in the store (then the caller imports).
    /// </summary>
    public async Task<bool> ResumeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var city = await grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey).GetCityAsync();
            var prefix = city is null ? null : $"{CitiesFolder}/{city.Version}";
            if (prefix is not null && prefix == status.ContentPrefix)
            {
                return true; // live here already
            }

            await using var root = prefix is null ? null : await blobs.OpenReadAsync($"{prefix}/tileset.json", cancellationToken);
            if (city is null || root is null)
            {
                return false;
            }

            status.SetReady(prefix!, $"{city.Name}: {city.Tiles.Count} tiles, as stored (version {city.Version}).");
            LogCityResumed(city.Name, city.Version);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Follows a city another front end of the cluster made live: when the catalogue names a version this
    /// front end does not serve, serves it and tells its viewers to reload. True when it switched.
    /// </summary>
    public async Task<bool> FollowAsync(CancellationToken cancellationToken)
    {
        var version = await grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey).GetVersionAsync();
        if (version == 0 || status.ContentPrefix == $"{CitiesFolder}/{version}" || !await ResumeAsync(cancellationToken))
        {
            return false;
        }

        directory.Invalidate();
        sensors.Invalidate();
        await hub.Clients.All.CityChanged(version);
        return true;
    }

    private async Task<long> CurrentVersionAsync() =>
        (await grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey).GetCityAsync())?.Version ?? 0;

    private async Task InitializeGrainsAsync(ImportedCity city, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = LoadParallelism, CancellationToken = cancellationToken };
        var idsByTile = city.Buildings.GroupBy(b => b.TileId).ToDictionary(g => g.Key, g => g.OrderBy(b => b.FeatureIndex).Select(b => b.Id).ToArray());
        await Parallel.ForEachAsync(city.Tiles, parallel, async (tile, _) =>
            await grains.GetGrain<ITileGrain>(tile.Id).InitializeAsync(idsByTile.GetValueOrDefault(tile.Id, []), MetricCatalog.Buildings.Count));
        await Parallel.ForEachAsync(city.Buildings, parallel, async (building, _) =>
            await grains.GetGrain<IBuildingGrain>(building.Id).InitializeAsync(building));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "City {City} live as stored (version {Version}): not imported again")]
    private partial void LogCityResumed(string city, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Feature}")]
    private partial void LogFeatureSkipped(string feature);

    [LoggerMessage(Level = LogLevel.Information, Message = "City {City} live: {Buildings} buildings in {Tiles} tiles ({Skipped} skipped) after {ElapsedMs} ms")]
    private partial void LogCityLoaded(string city, int buildings, int tiles, int skipped, long elapsedMs);
}
