namespace TwinCity.Models.Scenarios;

/// <summary>
/// What a scenario's interventions do compared with the baseline city: a KPI table and, per entity that
/// changes, the metric before and after (what the viewer colours).
/// </summary>
/// <param name="ScenarioId">The scenario.</param>
/// <param name="CityVersion">The city version (catalogue) analysed.</param>
/// <param name="Analysed">When it ran.</param>
/// <param name="ShadowDate">The day whose hourly sun positions the shadow analysis used.</param>
/// <param name="ShadowTime">The single instant used instead of the whole day, when one was asked for.</param>
/// <param name="Kpis">Headline figures, baseline and scenario.</param>
/// <param name="Differences">Entities whose metric changes, each once per metric.</param>
/// <param name="Notes">What was left out and why (e.g. a network with no mapped source).</param>
[GenerateSerializer, Immutable, Alias("TwinCity.ScenarioAnalysis")]
public sealed record ScenarioAnalysis(
    string ScenarioId,
    long CityVersion,
    DateTimeOffset Analysed,
    DateOnly ShadowDate,
    DateTimeOffset? ShadowTime,
    IReadOnlyList<KpiValue> Kpis,
    IReadOnlyList<EntityDifference> Differences,
    IReadOnlyList<string> Notes);
