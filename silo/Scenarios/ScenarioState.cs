using TwinCity.Models.Scenarios;

namespace TwinCity.Silo.Scenarios;

/// <summary>Persisted state of a <see cref="ScenarioGrain"/>.</summary>
[GenerateSerializer]
public sealed class ScenarioState
{
    /// <summary>The scenario; null until created.</summary>
    [Id(0)] public ScenarioView? View { get; set; }

    /// <summary>The latest analysis; cleared by every edit.</summary>
    [Id(1)] public ScenarioAnalysis? Analysis { get; set; }
}
