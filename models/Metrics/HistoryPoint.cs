namespace TwinCity.Models.Metrics;

/// <summary>One past value of a metric.</summary>
/// <param name="Time">When it was measured.</param>
/// <param name="Value">The value.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.HistoryPoint")]
public readonly record struct HistoryPoint(DateTimeOffset Time, double Value);
