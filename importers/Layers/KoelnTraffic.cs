using TwinCity.Models.Metrics;
using TwinCity.Models.Sensors;

namespace TwinCity.Importers.Layers;

/// <summary>
/// The City of Cologne's traffic-state series (Offene Daten Köln, CC BY 3.0): one sensor per street segment,
/// named so that the segments' import, the twin's sensor register and the replay tool agree.
/// </summary>
public static class KoelnTraffic
{
    /// <summary>The operator named in the sensor register.</summary>
    public const string Operator = "Stadt Köln";

    /// <summary>Why the sensors exist, for the public register.</summary>
    public const string Purpose = "Traffic state (Verkehrslage) of the street segment as published every 5 minutes by the city's traffic API; recorded February 2013 and replayed";

    /// <summary>How long the twin keeps their readings.</summary>
    public const int RetentionDays = 30;

    /// <summary>Entity id prefix of the segments.</summary>
    public const string EntityPrefix = "koeln:segment/";

    /// <summary>The sensor id of a segment identifier (<c>ST001</c> → <c>koeln-traffic.ST001</c>): the MQTT topic suffix.</summary>
    public static string SensorId(string identifier) => "koeln-traffic." + identifier;

    /// <summary>The entity id of a segment identifier (<c>ST001</c> → <c>koeln:segment/ST001</c>).</summary>
    public static string EntityId(string identifier) => EntityPrefix + identifier;

    /// <summary>Register entries for every Cologne segment among <paramref name="entityIds"/> (none for another city).</summary>
    public static List<SensorInfo> Sensors(IEnumerable<string> entityIds) =>
        [.. entityIds.Where(id => id.StartsWith(EntityPrefix, StringComparison.Ordinal)).Select(id => new SensorInfo(
            SensorId(id[EntityPrefix.Length..]), id, MetricCatalog.TrafficLoad.Id, MetricCatalog.TrafficLoad.Unit, Operator, Purpose, RetentionDays, false))];
}
