using TwinCity.Models.Entities;
using TwinCity.Models.Grains;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// The entity ids of the current city and where each is drawn, cached from the city and tile grains so
/// that validating and routing a batch costs no grain call per reading. The cache follows the city's version.
/// </summary>
public sealed class EntityDirectory(IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot _snapshot = Snapshot.Create(-1, [], new Dictionary<string, string>(), new Dictionary<string, TileFeature>(), DateTimeOffset.MinValue);

    /// <summary>The current ids of every entity (buildings, street segments, utility nodes and edges); re-read from the city grain when its version may have changed.</summary>
    public async ValueTask<IReadOnlySet<string>> GetIdsAsync() => (await GetSnapshotAsync().ConfigureAwait(false)).Ids;

    /// <summary>The subset of <see cref="GetIdsAsync"/> served by <c>INetworkEntityGrain</c> rather than <c>IBuildingGrain</c>.</summary>
    public async ValueTask<IReadOnlySet<string>> GetNetworkIdsAsync() => (await GetSnapshotAsync().ConfigureAwait(false)).NetworkIds;

    /// <summary>
    /// Where each entity of the current city is served and drawn. The tile and feature index are read from
    /// the tile grains themselves (a tile's feature i is its entity i), so they match what their frames mean.
    /// </summary>
    public async ValueTask<EntityRoutes> GetRoutesAsync() => (await GetSnapshotAsync().ConfigureAwait(false)).Routes;

    /// <summary>The city version and the layer tile describing a street or utility entity (null when the current city has no such entity).</summary>
    public async ValueTask<(long Version, string? TileId)> GetNetworkTileAsync(string entityId)
    {
        var snapshot = await GetSnapshotAsync().ConfigureAwait(false);
        return (snapshot.Version, snapshot.NetworkTiles.GetValueOrDefault(entityId));
    }

    private async ValueTask<Snapshot> GetSnapshotAsync()
    {
        var snapshot = _snapshot;
        if (time.GetUtcNow() - snapshot.CheckedAt < RecheckInterval)
        {
            return snapshot;
        }

        await _refresh.WaitAsync().ConfigureAwait(false);
        try
        {
            return await RefreshAsync().ConfigureAwait(false);
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Forgets the cache, e.g. right after a city was loaded in this process.</summary>
    public void Invalidate() => _snapshot = _snapshot with { CheckedAt = DateTimeOffset.MinValue };

    private async Task<Snapshot> RefreshAsync()
    {
        var current = _snapshot;
        if (time.GetUtcNow() - current.CheckedAt < RecheckInterval)
        {
            return current;
        }

        var city = grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey);
        var info = await city.GetCityAsync().ConfigureAwait(false);
        var version = info?.Version ?? -1;
        if (version == current.Version)
        {
            return _snapshot = current with { CheckedAt = time.GetUtcNow() };
        }

        var networkTiles = await city.GetNetworkEntityTilesAsync().ConfigureAwait(false);
        var ids = new HashSet<string>(await city.GetEntityIdsAsync().ConfigureAwait(false), StringComparer.Ordinal);
        ids.UnionWith(networkTiles.Keys);
        var places = await ReadTileFeaturesAsync(info?.Tiles ?? []).ConfigureAwait(false);
        return _snapshot = Snapshot.Create(version, ids, networkTiles, places, time.GetUtcNow());
    }

    private async Task<Dictionary<string, TileFeature>> ReadTileFeaturesAsync(IReadOnlyList<TileInfo> tiles)
    {
        var features = new IReadOnlyList<string>[tiles.Count];
        await Parallel.ForAsync(0, tiles.Count, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
            features[i] = await grains.GetGrain<ITileGrain>(tiles[i].Id).GetFeatureIdsAsync().ConfigureAwait(false)).ConfigureAwait(false);
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
        long Version, HashSet<string> Ids, IReadOnlyDictionary<string, string> NetworkTiles, HashSet<string> NetworkIds, EntityRoutes Routes, DateTimeOffset CheckedAt)
    {
        public static Snapshot Create(
            long version, HashSet<string> ids, IReadOnlyDictionary<string, string> networkTiles, Dictionary<string, TileFeature> places, DateTimeOffset checkedAt)
        {
            var networkIds = new HashSet<string>(networkTiles.Keys, StringComparer.Ordinal);
            return new Snapshot(version, ids, networkTiles, networkIds, new EntityRoutes(ids, networkIds, places), checkedAt);
        }
    }
}
