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
    private volatile Snapshot _snapshot = new(-1, [], DateTimeOffset.MinValue);

    /// <summary>The current ids; re-read from the city grain when its version may have changed.</summary>
    public async ValueTask<IReadOnlySet<string>> GetIdsAsync()
    {
        var snapshot = _snapshot;
        if (time.GetUtcNow() - snapshot.CheckedAt < RecheckInterval)
        {
            return snapshot.Ids;
        }

        await _refresh.WaitAsync().ConfigureAwait(false);
        try
        {
            return (await RefreshAsync().ConfigureAwait(false)).Ids;
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
        var ids = version == current.Version
            ? current.Ids
            : new HashSet<string>(await city.GetEntityIdsAsync().ConfigureAwait(false), StringComparer.Ordinal);
        _snapshot = new Snapshot(version, ids, time.GetUtcNow());
        return _snapshot;
    }

    private sealed record Snapshot(long Version, HashSet<string> Ids, DateTimeOffset CheckedAt);
}
