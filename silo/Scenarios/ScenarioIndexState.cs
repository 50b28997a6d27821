using TwinCity.Models.Scenarios;

namespace TwinCity.Silo.Scenarios;

/// <summary>Persisted state of <see cref="ScenarioIndexGrain"/>.</summary>
[GenerateSerializer]
public sealed class ScenarioIndexState
{
    /// <summary>Every scenario by id.</summary>
    [Id(0)] public Dictionary<string, ScenarioSummary> Scenarios { get; set; } = new(StringComparer.Ordinal);
}
