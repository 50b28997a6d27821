using TwinCity.Models.Metrics;
using TwinCity.Models.Sensors;
using TwinCity.Silo.Ingestion.Senml;

namespace TwinCity.Silo.Simulation;

/// <summary>
/// The simulator's street and utility meters: traffic counters on every motor-road segment, NO2 and PM2.5
/// monitors on the <see cref="AirQualitySites"/> busiest segments, pressure gauges on gas and water nodes and
/// load meters on power nodes and substations. Like the building meters they are registered sensors whose
/// SenML goes through the one ingestion path.
/// </summary>
public static class NetworkSimulation
{
    /// <summary>Segments that get an air-quality monitor: a city has a handful of stations, not one per street.</summary>
    public const int AirQualitySites = 5;

    /// <summary>Sensor id of an element's simulated meter.</summary>
    public static string SensorId(SimulatedNetworkElement element) => SensorId(element.Metric, element.Id);

    /// <summary>Sensor id of the simulated <paramref name="metric"/> meter of <paramref name="entityId"/>.</summary>
    public static string SensorId(MetricDefinition metric, string entityId) => metric.Id switch
    {
        "traffic_flow" => "sim-flow.",
        "no2_ugm3" => "sim-no2.",
        "pm25_ugm3" => "sim-pm25.",
        "pressure_bar" => "sim-pressure.",
        _ => "sim-load.",
    } + Safe(entityId);

    /// <summary>The busiest segments (by peak flow, then id), where the air-quality monitors stand.</summary>
    public static List<SimulatedNetworkElement> AirSites(IReadOnlyList<SimulatedNetworkElement> elements) =>
        [.. elements.Where(e => e.Metric == MetricCatalog.TrafficFlow).OrderByDescending(e => e.Scale).ThenBy(e => e.Id, StringComparer.Ordinal).Take(AirQualitySites)];

    /// <summary>The register entries for <paramref name="elements"/> and their air-quality sites.</summary>
    public static List<SensorInfo> Sensors(IReadOnlyList<SimulatedNetworkElement> elements)
    {
        var sensors = elements.Select(e => Entry(e.Metric, e.Id, e.Metric.Id switch
        {
            "traffic_flow" => "Demonstration data: simulated vehicles per hour with a daily two-peak profile, not a count",
            "pressure_bar" => "Demonstration data: simulated network pressure, not a measurement",
            _ => "Demonstration data: simulated load of the power network, not a measurement",
        })).ToList();
        foreach (var site in AirSites(elements))
        {
            sensors.Add(Entry(MetricCatalog.No2, site.Id, "Demonstration data: simulated roadside NO2 following the traffic, not a measurement"));
            sensors.Add(Entry(MetricCatalog.Pm25, site.Id, "Demonstration data: simulated roadside PM2.5 following the traffic, not a measurement"));
        }

        return sensors;
    }

    /// <summary>One round of readings: pure given its inputs, so it is tested without a silo.</summary>
    public static List<SenmlRecord> Round(
        IReadOnlyList<SimulatedNetworkElement> elements, IReadOnlyList<SimulatedNetworkElement> airSites, DateTimeOffset simulatedTime, DateTimeOffset now, Random random, double share)
    {
        var readings = new List<SenmlRecord>();
        var hourNow = simulatedTime.UtcDateTime.TimeOfDay.TotalHours;
        foreach (var element in elements)
        {
            if (random.NextDouble() < share)
            {
                var noise = 1 + ((random.NextDouble() - 0.5) * 0.1);
                readings.Add(new SenmlRecord(SensorId(element), element.Metric.Unit, Math.Round(Value(element, Hour(hourNow, element)) * noise, 2), now));
            }
        }

        foreach (var site in airSites)
        {
            var flow = Value(site, Hour(hourNow, site));
            readings.Add(new SenmlRecord(SensorId(MetricCatalog.No2, site.Id), MetricCatalog.No2.Unit, Math.Round(TrafficProfile.No2(flow) * (1 + ((random.NextDouble() - 0.5) * 0.1)), 1), now));
            readings.Add(new SenmlRecord(SensorId(MetricCatalog.Pm25, site.Id), MetricCatalog.Pm25.Unit, Math.Round(TrafficProfile.Pm25(flow) * (1 + ((random.NextDouble() - 0.5) * 0.1)), 1), now));
        }

        return readings;
    }

    /// <summary>The noiseless value of an element at <paramref name="hourOfDay"/>.</summary>
    public static double Value(SimulatedNetworkElement element, double hourOfDay) => element.Metric.Id switch
    {
        "traffic_flow" => element.Scale * element.Factor * TrafficProfile.DailyShape(hourOfDay),
        "pressure_bar" => TrafficProfile.PressureBar(element.Scale, hourOfDay),
        _ => TrafficProfile.LoadPct(element.Factor, hourOfDay),
    };

    private static double Hour(double hour, SimulatedNetworkElement element) => ((hour + element.HourShift) % 24 + 24) % 24;

    private static SensorInfo Entry(MetricDefinition metric, string entityId, string purpose) =>
        new(SensorId(metric, entityId), entityId, metric.Id, metric.Unit, SimulatedSensors.Operator, purpose, 1, false);

    /// <summary>Entity ids hold '/' and '#', which an MQTT topic level and a sensor id may not.</summary>
    private static string Safe(string entityId) => entityId.Replace('/', '-').Replace('#', '.');
}
