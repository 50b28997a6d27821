using TwinCity.Models.Frames;

namespace TwinCity.Models.Grains;

/// <summary>
/// What applying readings to an entity changed: the values its tile must show. The entity does not
/// call its tile itself: the ingestor gathers the changes of many entities of one tile into one
/// call (DESIGN §4), so a busy tile is told once per batch, not once per entity.
/// </summary>
/// <param name="Known">False when the entity was never initialised (an unknown id); nothing changed then.</param>
/// <param name="TileId">The entity's tile, when known.</param>
/// <param name="Changes">New values for the tile, by feature and metric; empty when every reading was older than what the entity holds.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.AppliedReadings")]
public sealed record AppliedReadings(
    bool Known,
    string? TileId,
    IReadOnlyList<FeatureChange> Changes)
{
    /// <summary>The answer for an id that is not an entity of the city.</summary>
    public static AppliedReadings Unknown { get; } = new(false, null, []);
}
