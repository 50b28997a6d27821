namespace TwinCity.Silo.Ingestion;

/// <summary>A reading whose entity and metric are resolved (<see cref="EntityReading"/> after its look-ups), before its value and time are checked.</summary>
/// <param name="Entity">Where it goes.</param>
/// <param name="MetricIndex">Its metric's index in <c>MetricCatalog.Buildings</c>.</param>
/// <param name="Value">The measured value.</param>
/// <param name="Time">When it was measured.</param>
public readonly record struct RoutedReading(EntityRoute Entity, int MetricIndex, double Value, DateTimeOffset Time);
