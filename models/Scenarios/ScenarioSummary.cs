namespace TwinCity.Models.Scenarios;

/// <summary>A scenario as the list shows it.</summary>
/// <param name="Id">Scenario id.</param>
/// <param name="Name">Name.</param>
/// <param name="AuthorRole">Role of the author.</param>
/// <param name="Created">When it was created.</param>
/// <param name="Published">When it was published; null for a draft.</param>
/// <param name="Interventions">Number of interventions.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.ScenarioSummary")]
public sealed record ScenarioSummary(string Id, string Name, string AuthorRole, DateTimeOffset Created, DateTimeOffset? Published, int Interventions);
