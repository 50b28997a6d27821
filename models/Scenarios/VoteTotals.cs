namespace TwinCity.Models.Scenarios;

/// <summary>Anonymous support and oppose votes on a published scenario: totals only, no voter is recorded.</summary>
/// <param name="Support">Votes in support.</param>
/// <param name="Oppose">Votes against.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.VoteTotals")]
public sealed record VoteTotals(int Support, int Oppose);
