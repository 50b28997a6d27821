namespace TwinCity.Models.Scenarios;

/// <summary>One row of a scenario's KPI table.</summary>
/// <param name="Id">Stable key, e.g. <c>mean_trip_s</c>.</param>
/// <param name="Label">Human label in English.</param>
/// <param name="Unit">Unit, e.g. <c>s</c>, <c>m²·h</c>, <c>buildings</c>.</param>
/// <param name="Baseline">The figure today.</param>
/// <param name="Scenario">The figure with the scenario's interventions.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.KpiValue")]
public sealed record KpiValue(string Id, string Label, string Unit, double Baseline, double Scenario);
