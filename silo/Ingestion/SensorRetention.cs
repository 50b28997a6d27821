using TwinCity.Models.Metrics;
using TwinCity.Models.Sensors;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// How long the history of an entity's metric may be kept: the shortest retention among the registered
/// sensors reporting it, as the public register promises (DESIGN §9); null when no sensor reports it
/// (values an operator posted), whose history only the ring's capacity bounds. Rebuilt from
/// <see cref="SensorDirectory"/> when the register changes.
/// </summary>
public sealed class SensorRetention(SensorDirectory sensors)
{
    private volatile Index _index = new(long.MinValue, new Dictionary<(string, int), int>());

    /// <summary>The retention of <paramref name="entityId"/>'s metric <paramref name="metricIndex"/>, or null.</summary>
    public async ValueTask<TimeSpan?> OfAsync(string entityId, int metricIndex)
    {
        var (version, register) = await sensors.GetVersionedAsync().ConfigureAwait(false);
        var index = _index;
        if (index.Version != version)
        {
            _index = index = Build(version, register.Values);
        }

        return index.Days.TryGetValue((entityId, metricIndex), out var days) ? TimeSpan.FromDays(days) : null;
    }

    private static Index Build(long version, IEnumerable<SensorInfo> register)
    {
        var days = new Dictionary<(string, int), int>();
        foreach (var sensor in register)
        {
            var key = (sensor.EntityId, MetricCatalog.IndexOf(sensor.MetricId));
            days[key] = days.TryGetValue(key, out var shortest) ? Math.Min(shortest, sensor.RetentionDays) : sensor.RetentionDays;
        }

        return new Index(version, days);
    }

    private sealed record Index(long Version, Dictionary<(string Entity, int Metric), int> Days);
}
