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

    /// <summary>Vehicles passing a street segment per hour.</summary>
    public static readonly MetricDefinition TrafficFlow = new("traffic_flow", "1/h", "Traffic flow", 0, 2000);

    /// <summary>A traffic authority's state code for a segment (Cologne: an opaque category, 0–16), unitless.</summary>
    public static readonly MetricDefinition TrafficLoad = new("traffic_load", "/", "Traffic state", 0, 16);

    /// <summary>Average vehicle speed on a street segment.</summary>
    public static readonly MetricDefinition SpeedKmh = new("speed_kmh", "km/h", "Speed", 0, 90);

    /// <summary>Nitrogen dioxide concentration in the air.</summary>
    public static readonly MetricDefinition No2 = new("no2_ugm3", "ug/m3", "NO2", 0, 200);

    /// <summary>Fine particulate matter (PM2.5) concentration in the air.</summary>
    public static readonly MetricDefinition Pm25 = new("pm25_ugm3", "ug/m3", "PM2.5", 0, 75);

    /// <summary>Pressure at a utility network node (gas or water).</summary>
    public static readonly MetricDefinition PressureBar = new("pressure_bar", "bar", "Pressure", 0, 10);

    /// <summary>Load of a utility network element as a share of its capacity.</summary>
    public static readonly MetricDefinition LoadPct = new("load_pct", "%", "Load", 0, 100);

    /// <summary>Every metric in frame order (the name is historical: streets and networks use the same list). Only ever appended to.</summary>
    public static readonly IReadOnlyList<MetricDefinition> Buildings = [PowerKw, IndoorTemperature, PeopleCount, TrafficFlow, TrafficLoad, SpeedKmh, No2, Pm25, PressureBar, LoadPct];

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
