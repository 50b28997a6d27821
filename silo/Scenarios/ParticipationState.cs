using TwinCity.Models.Scenarios;

namespace TwinCity.Silo.Scenarios;

/// <summary>Persisted comments and vote totals of a <see cref="ScenarioGrain"/> (apart from the scenario: it grows, the scenario does not).</summary>
[GenerateSerializer]
public sealed class ParticipationState
{
    /// <summary>Comments, oldest first.</summary>
    [Id(0)] public List<ScenarioComment> Comments { get; set; } = [];

    /// <summary>Number given to the next comment.</summary>
    [Id(1)] public int NextComment { get; set; } = 1;

    /// <summary>Support votes.</summary>
    [Id(2)] public int Support { get; set; }

    /// <summary>Oppose votes.</summary>
    [Id(3)] public int Oppose { get; set; }
}
