namespace TwinCity.Models.Frames;

/// <summary>A reading for one metric of one feature of a tile, as the ingestion hands it to the tile grain.</summary>
/// <param name="FeatureIndex">The feature's <c>_FEATURE_ID_0</c> in its tile.</param>
/// <param name="MetricIndex">Index in the city's metric list.</param>
/// <param name="Value">The value, in the metric's unit.</param>
/// <param name="Time">When it was measured: a reading older than the value the tile holds is ignored.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.FeatureReading")]
public readonly record struct FeatureReading(int FeatureIndex, int MetricIndex, float Value, DateTimeOffset Time);
