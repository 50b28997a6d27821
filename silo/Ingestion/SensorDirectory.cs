using TwinCity.Models.Grains;
using TwinCity.Models.Sensors;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// The sensor register cached by id, so that routing a reading costs no grain call; re-read from the
/// register grain at most every few seconds, and at once after an edit made through this process.
/// </summary>
public sealed class SensorDirectory(IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot _snapshot = new(-1, new Dictionary<string, SensorInfo>(StringComparer.Ordinal), DateTimeOffset.MinValue);

    /// <summary>The register by sensor id.</summary>
    public async ValueTask<IReadOnlyDictionary<string, SensorInfo>> GetAsync() => (await GetVersionedAsync().ConfigureAwait(false)).Sensors;

    /// <summary>
    /// The register by sensor id with its version (it changes with every edit), for callers that cache
    /// something derived from the register (the sensors of each tile) and must know when to rebuild it.
    /// </summary>
    public async ValueTask<(long Version, IReadOnlyDictionary<string, SensorInfo> Sensors)> GetVersionedAsync()
    {
        var snapshot = _snapshot;
        if (time.GetUtcNow() - snapshot.CheckedAt < RecheckInterval)
        {
            return (snapshot.Version, snapshot.Sensors);
        }

        await _refresh.WaitAsync().ConfigureAwait(false);
        try
        {
            if (time.GetUtcNow() - _snapshot.CheckedAt < RecheckInterval)
            {
                return (_snapshot.Version, _snapshot.Sensors);
            }

            var (version, sensors) = await grains.GetGrain<ISensorRegistryGrain>(ISensorRegistryGrain.DefaultKey).GetAllAsync().ConfigureAwait(false);
            var byId = version == _snapshot.Version ? _snapshot.Sensors : sensors.ToDictionary(s => s.Id, StringComparer.Ordinal);
            _snapshot = new Snapshot(version, byId, time.GetUtcNow());
            return (version, byId);
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Forgets the cache (after an edit through this process).</summary>
    public void Invalidate() => _snapshot = _snapshot with { CheckedAt = DateTimeOffset.MinValue };

    private sealed record Snapshot(long Version, IReadOnlyDictionary<string, SensorInfo> Sensors, DateTimeOffset CheckedAt);
}
