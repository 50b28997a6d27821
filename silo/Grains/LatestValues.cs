using TwinCity.Models.Metrics;

namespace TwinCity.Silo.Grains;

/// <summary>The rule every entity grain keeps its latest values by: an older reading never overwrites a newer one.</summary>
internal static class LatestValues
{
    /// <summary>Applies one reading unless an equal or newer one is already held; true when it changed the values.</summary>
    public static bool Apply(Dictionary<int, double> values, Dictionary<int, DateTimeOffset> times, MetricReading reading)
    {
        if (times.TryGetValue(reading.MetricIndex, out var time) && time >= reading.Time)
        {
            return false;
        }

        values[reading.MetricIndex] = reading.Value;
        times[reading.MetricIndex] = reading.Time;
        return true;
    }

    /// <summary>The values keyed by metric id.</summary>
    public static Dictionary<string, double> ById(Dictionary<int, double> values) =>
        values.ToDictionary(p => MetricCatalog.Buildings[p.Key].Id, p => p.Value);
}
