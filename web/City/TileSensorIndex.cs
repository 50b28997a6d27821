using System.Collections.Concurrent;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Sensors;
using TwinCity.Silo.Ingestion;

namespace TwinCity.Web.City;

/// <summary>One sensor as a viewer places it: on feature <paramref name="Feature"/> of its tile.</summary>
/// <param name="Id">Sensor id.</param>
/// <param name="Metric">The metric it feeds.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Entity">The entity it is attached to.</param>
/// <param name="Feature">The entity's feature index in the tile.</param>
/// <param name="CountsPeople">True for people counters (their small counts are never published).</param>
public sealed record TileSensor(string Id, string Metric, string Unit, string Entity, int Feature, bool CountsPeople);

/// <summary>The sensors attached to the features of one tile.</summary>
/// <param name="Tile">Tile id (<c>3_4_2</c>, <c>streets/t-0-1</c>).</param>
/// <param name="CityVersion">The city version the feature indexes belong to.</param>
/// <param name="RegisterVersion">The sensor register's version the list was read from.</param>
/// <param name="Sensors">Ordered by feature index, then sensor id.</param>
public sealed record TileSensors(string Tile, long CityVersion, long RegisterVersion, IReadOnlyList<TileSensor> Sensors);

/// <summary>
/// Which registered sensors sit on which feature of a tile. A tile's feature ids are read once per city version
/// (one <see cref="ITileGrain.GetFeatureIdsAsync"/> call per tile) and the register is grouped by entity once per
/// register version, so answering a viewer's request for a tile costs one catalogue read and a walk over the
/// tile's features, never a grain call per sensor or per entity.
/// </summary>
public sealed class TileSensorIndex(IGrainFactory grains, SensorDirectory sensors)
{
    private volatile FeatureCache _features = new(-1, new ConcurrentDictionary<string, Task<IReadOnlyList<string>>>(StringComparer.Ordinal));
    private volatile EntitySensors _byEntity = new(-1, new Dictionary<string, SensorInfo[]>(StringComparer.Ordinal));

    /// <summary>The sensors on <paramref name="tileId"/>'s features, or null when the live city has no such tile.</summary>
    public async Task<TileSensors?> GetAsync(string tileId)
    {
        var city = await grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey).GetCityAsync();
        if (city?.Tiles.FirstOrDefault(t => t.Id == tileId) is not { } tile)
        {
            return null;
        }

        var featureIds = await FeatureIdsAsync(city.Version, tile);
        var (registerVersion, byEntity) = await ByEntityAsync();
        var placed = new List<TileSensor>();
        for (var feature = 0; feature < featureIds.Count; feature++)
        {
            if (byEntity.TryGetValue(featureIds[feature], out var onFeature))
            {
                placed.AddRange(onFeature.Select(s => new TileSensor(s.Id, s.MetricId, s.Unit, s.EntityId, feature, s.CountsPeople)));
            }
        }

        return new TileSensors(tile.Id, city.Version, registerVersion, placed);
    }

    private async Task<IReadOnlyList<string>> FeatureIdsAsync(long cityVersion, TileInfo tile)
    {
        var cache = _features;
        if (cache.CityVersion != cityVersion)
        {
            // A new city: its tiles (even those keeping an old id) hold other features.
            cache = new FeatureCache(cityVersion, new ConcurrentDictionary<string, Task<IReadOnlyList<string>>>(StringComparer.Ordinal));
            _features = cache;
        }

        var task = cache.Tiles.GetOrAdd(tile.Id, id => grains.GetGrain<ITileGrain>(id).GetFeatureIdsAsync());
        try
        {
            return await task;
        }
        catch
        {
            // Do not keep a failure: the next request asks the grain again.
            cache.Tiles.TryRemove(new KeyValuePair<string, Task<IReadOnlyList<string>>>(tile.Id, task));
            throw;
        }
    }

    private async ValueTask<(long Version, IReadOnlyDictionary<string, SensorInfo[]> ByEntity)> ByEntityAsync()
    {
        var (version, register) = await sensors.GetVersionedAsync();
        var cached = _byEntity;
        if (cached.RegisterVersion == version)
        {
            return (version, cached.ByEntity);
        }

        var byEntity = register.Values
            .GroupBy(s => s.EntityId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Id, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        _byEntity = new EntitySensors(version, byEntity);
        return (version, byEntity);
    }

    private sealed record FeatureCache(long CityVersion, ConcurrentDictionary<string, Task<IReadOnlyList<string>>> Tiles);

    private sealed record EntitySensors(long RegisterVersion, IReadOnlyDictionary<string, SensorInfo[]> ByEntity);
}
