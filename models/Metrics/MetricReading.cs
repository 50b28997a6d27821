namespace TwinCity.Models.Metrics;

/// <summary>One measured value of one metric at one time.</summary>
/// <param name="MetricIndex">Index in <see cref="MetricCatalog.Buildings"/>.</param>
/// <param name="Value">The value, in the metric's unit. Always finite.</param>
/// <param name="Time">When it was measured.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.MetricReading")]
public readonly record struct MetricReading(int MetricIndex, double Value, DateTimeOffset Time);
