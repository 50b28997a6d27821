namespace TwinCity.Models.Sensors;

/// <summary>
/// A sensor's entry in the public register (DESIGN §9): what it measures, for which entity, who runs
/// it and why, how long its data is kept, and whether it counts people (then small counts are suppressed).
/// </summary>
/// <param name="Id">Sensor id, the SenML name and MQTT topic suffix, e.g. <c>meter-42</c>.</param>
/// <param name="EntityId">The entity its readings describe, e.g. <c>osm:way/123</c>.</param>
/// <param name="MetricId">The entity metric it feeds, e.g. <c>power_kw</c>.</param>
/// <param name="Unit">SenML unit its values are in; must be the metric's unit.</param>
/// <param name="Operator">Who runs the sensor.</param>
/// <param name="Purpose">Why it exists, in a sentence for the public.</param>
/// <param name="RetentionDays">How long its readings are kept.</param>
/// <param name="CountsPeople">True for people counters: counts below the threshold are never published.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.SensorInfo")]
public sealed record SensorInfo(
    string Id,
    string EntityId,
    string MetricId,
    string Unit,
    string Operator,
    string Purpose,
    int RetentionDays,
    bool CountsPeople);
