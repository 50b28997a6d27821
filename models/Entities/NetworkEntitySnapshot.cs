namespace TwinCity.Models.Entities;

/// <summary>A street segment's or utility element's description together with its latest metric values.</summary>
/// <param name="Info">Static description from the import.</param>
/// <param name="Metrics">Latest value per metric id.</param>
/// <param name="UpdatedAt">Time of the latest reading applied, or null before the first one.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.NetworkEntitySnapshot")]
public sealed record NetworkEntitySnapshot(
    NetworkEntityInfo Info,
    IReadOnlyDictionary<string, double> Metrics,
    DateTimeOffset? UpdatedAt);
