namespace TwinCity.Models.Grains;

/// <summary>
/// What applying readings to an entity did. The entity's tile is not told from here: the ingestor sends
/// each reading to its tile as it arrives (DESIGN §4), gathered by tile, so the screen does not wait for
/// the entity's call. An earlier version returned the changes themselves for the caller to forward; no
/// caller did any more, and under a million readings a second that list was a tenth of what ingestion
/// allocated.
/// </summary>
/// <param name="Known">False when the entity was never initialised (an unknown id); nothing changed then.</param>
/// <param name="TileId">The entity's tile, when known.</param>
/// <param name="Changed">Readings that changed a latest value; the others were no newer than what the entity holds.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.AppliedReadings.2")]
public sealed record AppliedReadings(
    bool Known,
    string? TileId,
    int Changed)
{
    /// <summary>The answer for an id that is not an entity of the city.</summary>
    public static AppliedReadings Unknown { get; } = new(false, null, 0);
}
