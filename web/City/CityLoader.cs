using System.Diagnostics;
using Microsoft.Extensions.Options;
using TwinCity.Importers;
using TwinCity.Importers.Errors;
using TwinCity.Importers.Sources;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Models.Storage;
using TwinCity.Silo.Ingestion;

namespace TwinCity.Web.City;

/// <summary>
/// Loads the start-up city once the server listens (so the viewer can say "loading" meanwhile):
/// imports the file into tiles under a fresh blob prefix, initialises tile and building grains,
/// and only then switches the catalogue to the new city, so a failed import leaves the twin as it was.
/// </summary>
public sealed partial class CityLoader(
    IOptions<TwinCityWebOptions> options,
    IBlobStore blobs,
    IGrainFactory grains,
    CityStatus status,
    EntityDirectory directory,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<CityLoader> logger) : BackgroundService
{
    /// <summary>Grain initialisations in flight at once while loading.</summary>
    private const int LoadParallelism = 64;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WhenStartedAsync(lifetime, stoppingToken);
        var path = ResolveCityFile(options.Value.City);
        if (path is null)
        {
            var message = options.Value.City is { Length: > 0 } given
                ? $"City file '{given}' not found. Pass an existing file: dotnet run --project web -- --city <file.osm.pbf>"
                : $"No city to load: the bundled Monaco extract ({TwinCityWebOptions.DefaultCity}) was not found in a data folder. " +
                  $"Set {DataFolder.EnvironmentVariable} to the data folder, or pass a file: dotnet run --project web -- --city <file.osm.pbf>";
            status.SetFailed(message);
            LogNoCity(message);
            return;
        }

        try
        {
            await LoadAsync(path, stoppingToken);
        }
        catch (ImportException ex)
        {
            status.SetFailed($"The city could not be imported: {ex.Message}");
            LogImportFailed(ex.Message);
        }
    }

    /// <summary>The file to load: the one given, else the bundled demo in the data folder; null when neither exists.</summary>
    public static string? ResolveCityFile(string? given)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return File.Exists(given) ? Path.GetFullPath(given) : null;
        }

        var data = DataFolder.Locate();
        var demo = data is null ? null : Path.Combine(data, TwinCityWebOptions.DefaultCity);
        return demo is not null && File.Exists(demo) ? demo : null;
    }

    private async Task LoadAsync(string path, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var version = time.GetUtcNow().ToUnixTimeMilliseconds();
        var prefix = $"cities/{version}";
        var city = await new CityImporter(new CityImportSettings()).ImportAsync(path, blobs, prefix, cancellationToken);
        foreach (var skipped in city.Report.Skipped)
        {
            LogFeatureSkipped(skipped);
        }

        await InitializeGrainsAsync(city, cancellationToken);
        var info = new CityInfo(city.Name, city.Origin, city.Tiles, MetricCatalog.Buildings, city.Provenance, version);
        // The catalogue is the commit point: until it names the new city, viewers see the old one.
        await grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey).SetCityAsync(info, [.. city.Buildings.Select(b => b.Id)]);
        directory.Invalidate();
        status.SetReady(prefix, $"{city.Name}: {city.Buildings.Count} buildings in {city.Tiles.Count} tiles.");
        LogCityLoaded(city.Name, city.Buildings.Count, city.Tiles.Count, city.Report.Skipped.Count, clock.ElapsedMilliseconds);
    }

    private async Task InitializeGrainsAsync(ImportedCity city, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = LoadParallelism, CancellationToken = cancellationToken };
        var idsByTile = city.Buildings.GroupBy(b => b.TileId).ToDictionary(g => g.Key, g => g.OrderBy(b => b.FeatureIndex).Select(b => b.Id).ToArray());
        await Parallel.ForEachAsync(city.Tiles, parallel, async (tile, _) =>
            await grains.GetGrain<ITileGrain>(tile.Id).InitializeAsync(idsByTile.GetValueOrDefault(tile.Id, []), MetricCatalog.Buildings.Count));
        await Parallel.ForEachAsync(city.Buildings, parallel, async (building, _) =>
            await grains.GetGrain<IBuildingGrain>(building.Id).InitializeAsync(building));
    }

    private static Task WhenStartedAsync(IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        cancellationToken.Register(() => started.TrySetCanceled(cancellationToken));
        return started.Task;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Message}")]
    private partial void LogNoCity(string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "City import failed, the twin is unchanged: {Reason}")]
    private partial void LogImportFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped {Feature}")]
    private partial void LogFeatureSkipped(object feature);

    [LoggerMessage(Level = LogLevel.Information, Message = "City {City} live: {Buildings} buildings in {Tiles} tiles ({Skipped} skipped) after {ElapsedMs} ms")]
    private partial void LogCityLoaded(string city, int buildings, int tiles, int skipped, long elapsedMs);
}
