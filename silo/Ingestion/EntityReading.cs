namespace TwinCity.Silo.Ingestion;

/// <summary>A reading as it arrives from outside, before validation.</summary>
/// <param name="EntityId">The entity it is for, e.g. <c>osm:way/123</c>.</param>
/// <param name="MetricId">The metric, e.g. <c>power_kw</c>.</param>
/// <param name="Value">The measured value.</param>
/// <param name="Time">When it was measured.</param>
public readonly record struct EntityReading(string EntityId, string MetricId, double Value, DateTimeOffset Time);
