namespace TwinCity.Models.Entities;

/// <summary>A building's description together with its latest metric values.</summary>
/// <param name="Info">Static description from the import.</param>
/// <param name="Metrics">Latest value per metric id.</param>
/// <param name="UpdatedAt">Time of the latest reading applied, or null before the first one.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.BuildingSnapshot")]
public sealed record BuildingSnapshot(
    BuildingInfo Info,
    IReadOnlyDictionary<string, double> Metrics,
    DateTimeOffset? UpdatedAt);
