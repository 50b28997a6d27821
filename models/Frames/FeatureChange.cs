namespace TwinCity.Models.Frames;

/// <summary>A new value for one metric of one feature of a tile.</summary>
/// <param name="FeatureIndex">The feature's <c>_FEATURE_ID_0</c> in its tile.</param>
/// <param name="MetricIndex">Index in the city's metric list.</param>
/// <param name="Value">The new value.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.FeatureChange")]
public readonly record struct FeatureChange(int FeatureIndex, int MetricIndex, float Value);
