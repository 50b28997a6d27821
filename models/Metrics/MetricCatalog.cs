namespace TwinCity.Models.Metrics;

/// <summary>
/// The metrics a building carries in this version of the twin. Frames refer to a metric by
/// its index in <see cref="Buildings"/>, so new metrics are only ever appended.
/// </summary>
public static class MetricCatalog
{
    /// <summary>Electrical power drawn by the building, averaged over the reading interval.</summary>
    public static readonly MetricDefinition PowerKw = new("power_kw", "kW", "Power use", 0, 250);

    /// <summary>Indoor air temperature, building average.</summary>
    public static readonly MetricDefinition IndoorTemperature = new("indoor_temp_c", "Cel", "Indoor temperature", 16, 28);

    /// <summary>People present, from aggregate counters; counts under the privacy threshold are never published.</summary>
    public static readonly MetricDefinition PeopleCount = new("people_count", "count", "People present", 0, 500);

    /// <summary>Building metrics in frame order.</summary>
    public static readonly IReadOnlyList<MetricDefinition> Buildings = [PowerKw, IndoorTemperature, PeopleCount];

    /// <summary>Index of a metric in <see cref="Buildings"/>, or -1 when the id is unknown.</summary>
    public static int IndexOf(string metricId)
    {
        for (var i = 0; i < Buildings.Count; i++)
        {
            if (Buildings[i].Id == metricId)
            {
                return i;
            }
        }

        return -1;
    }
}
