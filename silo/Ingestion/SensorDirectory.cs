using TwinCity.Models.Grains;
using TwinCity.Models.Sensors;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// The sensor register cached by id, so that routing a reading costs no grain call; at most a few seconds
/// old (<see cref="RefreshingCache{T}"/>), and read again at once after an edit made through this process.
/// </summary>
public sealed class SensorDirectory
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private readonly IGrainFactory _grains;
    private readonly RefreshingCache<Snapshot> _cache;

    /// <summary>Creates the directory; it reads the register when first asked.</summary>
    public SensorDirectory(IGrainFactory grains, TimeProvider time)
    {
        _grains = grains;
        _cache = new RefreshingCache<Snapshot>(new Snapshot(-1, new Dictionary<string, SensorInfo>(StringComparer.Ordinal)), ReadAsync, MaxAge, time);
    }

    /// <summary>The register by sensor id.</summary>
    public async ValueTask<IReadOnlyDictionary<string, SensorInfo>> GetAsync() => (await _cache.GetAsync().ConfigureAwait(false)).Sensors;

    /// <summary>
    /// The register by sensor id with its version (it changes with every edit), for callers that cache
    /// something derived from the register (the sensors of each tile) and must know when to rebuild it.
    /// </summary>
    public async ValueTask<(long Version, IReadOnlyDictionary<string, SensorInfo> Sensors)> GetVersionedAsync()
    {
        var snapshot = await _cache.GetAsync().ConfigureAwait(false);
        return (snapshot.Version, snapshot.Sensors);
    }

    /// <summary>Forgets the cache (after an edit through this process).</summary>
    public void Invalidate() => _cache.Invalidate();

    /// <summary>
    /// The register again, or <paramref name="current"/> when its version has not changed: the whole
    /// register (100,000 sensors in the benchmark) is sorted and copied by the grain call, and thrown away
    /// when nothing changed.
    /// </summary>
    private async Task<Snapshot> ReadAsync(Snapshot current)
    {
        var register = _grains.GetGrain<ISensorRegistryGrain>(ISensorRegistryGrain.DefaultKey);
        if (current.Version >= 0 && await register.GetVersionAsync().ConfigureAwait(false) == current.Version)
        {
            return current;
        }

        var (version, sensors) = await register.GetAllAsync().ConfigureAwait(false);
        return new Snapshot(version, sensors.ToDictionary(s => s.Id, StringComparer.Ordinal));
    }

    private sealed record Snapshot(long Version, IReadOnlyDictionary<string, SensorInfo> Sensors);
}
