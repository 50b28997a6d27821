namespace TwinCity.Models.Scenarios;

/// <summary>A scenario as readers see it.</summary>
/// <param name="Id">Scenario id.</param>
/// <param name="Name">Name the planner gave it.</param>
/// <param name="Assumptions">Free text: what the planner assumed.</param>
/// <param name="AuthorRole">Role of whoever created it (never a person).</param>
/// <param name="Created">When it was created.</param>
/// <param name="Published">When it was published; null while a draft.</param>
/// <param name="Interventions">The interventions, oldest first.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.ScenarioView")]
public sealed record ScenarioView(
    string Id,
    string Name,
    string Assumptions,
    string AuthorRole,
    DateTimeOffset Created,
    DateTimeOffset? Published,
    IReadOnlyList<Intervention> Interventions);
