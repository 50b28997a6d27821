using TwinCity.Models.Grains;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// The set of entity ids of the current city, cached from the city grain so that validating a
/// batch costs no grain call per reading. The cache follows the city's version.
/// </summary>
public sealed class EntityDirectory(IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot _snapshot = new(-1, [], new Dictionary<string, string>(), DateTimeOffset.MinValue);

    /// <summary>The current ids of every entity (buildings, street segments, utility nodes and edges); re-read from the city grain when its version may have changed.</summary>
    public async ValueTask<IReadOnlySet<string>> GetIdsAsync() => (await GetSnapshotAsync().ConfigureAwait(false)).Ids;

    /// <summary>The subset of <see cref="GetIdsAsync"/> served by <c>INetworkEntityGrain</c> rather than <c>IBuildingGrain</c>.</summary>
    public async ValueTask<IReadOnlySet<string>> GetNetworkIdsAsync() => (await GetSnapshotAsync().ConfigureAwait(false)).NetworkIds;

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
        var (ids, networkTiles) = (current.Ids, current.NetworkTiles);
        if (version != current.Version)
        {
            networkTiles = await city.GetNetworkEntityTilesAsync().ConfigureAwait(false);
            ids = new HashSet<string>(await city.GetEntityIdsAsync().ConfigureAwait(false), StringComparer.Ordinal);
            ids.UnionWith(networkTiles.Keys);
        }

        _snapshot = version == current.Version
            ? current with { CheckedAt = time.GetUtcNow() }
            : new Snapshot(version, ids, networkTiles, time.GetUtcNow());
        return _snapshot;
    }

    private sealed record Snapshot(long Version, HashSet<string> Ids, IReadOnlyDictionary<string, string> NetworkTiles, DateTimeOffset CheckedAt)
    {
        public HashSet<string> NetworkIds { get; } = new(NetworkTiles.Keys, StringComparer.Ordinal);
    }
}
