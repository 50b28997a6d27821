namespace TwinCity.Models.Metrics;

/// <summary>A metric the twin carries, with the range a colour scale should span.</summary>
/// <param name="Id">Stable id, e.g. <c>power_kw</c>.</param>
/// <param name="Unit">Unit symbol (UCUM where one exists), e.g. <c>kW</c>.</param>
/// <param name="Label">Human label in English.</param>
/// <param name="Min">Lower end of the colour scale.</param>
/// <param name="Max">Upper end of the colour scale.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.MetricDefinition")]
public sealed record MetricDefinition(string Id, string Unit, string Label, double Min, double Max);
