using TwinCity.Models.Entities;
using TwinCity.Models.Grains;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// The entity ids of the current city and where each is drawn, cached from the city and tile grains so
/// that validating and routing a batch costs no grain call per reading. The cache follows the city's version.
/// </summary>
public sealed class EntityDirectory
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private readonly IGrainFactory _grains;
    private readonly RefreshingCache<Snapshot> _cache;

    /// <summary>Creates the directory; it reads the city when first asked.</summary>
    public EntityDirectory(IGrainFactory grains, TimeProvider time)
    {
        _grains = grains;
        _cache = new RefreshingCache<Snapshot>(
            Snapshot.Create(-1, [], new Dictionary<string, string>(), new Dictionary<string, TileFeature>()), ReadAsync, MaxAge, time);
    }

    /// <summary>The current ids of every entity (buildings, street segments, utility nodes and edges); re-read from the city grain when its version may have changed.</summary>
    public async ValueTask<IReadOnlySet<string>> GetIdsAsync() => (await _cache.GetAsync().ConfigureAwait(false)).Ids;

    /// <summary>The subset of <see cref="GetIdsAsync"/> served by <c>INetworkEntityGrain</c> rather than <c>IBuildingGrain</c>.</summary>
    public async ValueTask<IReadOnlySet<string>> GetNetworkIdsAsync() => (await _cache.GetAsync().ConfigureAwait(false)).NetworkIds;

    /// <summary>
    /// Where each entity of the current city is served and drawn. The tile and feature index are read from
    /// the tile grains themselves (a tile's feature i is its entity i), so they match what their frames mean.
    /// </summary>
    public async ValueTask<EntityRoutes> GetRoutesAsync() => (await _cache.GetAsync().ConfigureAwait(false)).Routes;

    /// <summary>The city version and the layer tile describing a street or utility entity (null when the current city has no such entity).</summary>
    public async ValueTask<(long Version, string? TileId)> GetNetworkTileAsync(string entityId)
    {
        var snapshot = await _cache.GetAsync().ConfigureAwait(false);
        return (snapshot.Version, snapshot.NetworkTiles.GetValueOrDefault(entityId));
    }

    /// <summary>Forgets the cache, e.g. right after a city was loaded in this process.</summary>
    public void Invalidate() => _cache.Invalidate();

    /// <summary>The city again, or <paramref name="current"/> when the city's version has not changed (one small call).</summary>
    private async Task<Snapshot> ReadAsync(Snapshot current)
    {
        var city = _grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey);
        if (current.Version > 0 && await city.GetVersionAsync().ConfigureAwait(false) == current.Version)
        {
            return current;
        }

        var info = await city.GetCityAsync().ConfigureAwait(false);
        var version = info?.Version ?? -1;
        if (version == current.Version)
        {
            return current;
        }

        var networkTiles = await city.GetNetworkEntityTilesAsync().ConfigureAwait(false);
        var ids = new HashSet<string>(await city.GetEntityIdsAsync().ConfigureAwait(false), StringComparer.Ordinal);
        ids.UnionWith(networkTiles.Keys);
        var places = await ReadTileFeaturesAsync(info?.Tiles ?? []).ConfigureAwait(false);
        return Snapshot.Create(version, ids, networkTiles, places);
    }

    private async Task<Dictionary<string, TileFeature>> ReadTileFeaturesAsync(IReadOnlyList<TileInfo> tiles)
    {
        var features = new IReadOnlyList<string>[tiles.Count];
        await Parallel.ForAsync(0, tiles.Count, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
            features[i] = await _grains.GetGrain<ITileGrain>(tiles[i].Id).GetFeatureIdsAsync().ConfigureAwait(false)).ConfigureAwait(false);
        var places = new Dictionary<string, TileFeature>(features.Sum(f => f.Count), StringComparer.Ordinal);
        for (var t = 0; t < tiles.Count; t++)
        {
            for (var feature = 0; feature < features[t].Count; feature++)
            {
                places[features[t][feature]] = new TileFeature(tiles[t].Id, feature);
            }
        }

        return places;
    }

    private sealed record Snapshot(
        long Version, HashSet<string> Ids, IReadOnlyDictionary<string, string> NetworkTiles, HashSet<string> NetworkIds, EntityRoutes Routes)
    {
        public static Snapshot Create(long version, HashSet<string> ids, IReadOnlyDictionary<string, string> networkTiles, Dictionary<string, TileFeature> places)
        {
            var networkIds = new HashSet<string>(networkTiles.Keys, StringComparer.Ordinal);
            return new Snapshot(version, ids, networkTiles, networkIds, new EntityRoutes(ids, networkIds, places));
        }
    }
}
