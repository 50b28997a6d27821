namespace TwinCity.Models.Frames;

/// <summary>
/// Every change of a tile since its previous frame (DESIGN §4), or its whole state when
/// <see cref="IsSnapshot"/> is set. <see cref="Payload"/> is encoded by <see cref="TileFrameCodec"/>.
/// </summary>
/// <param name="TileId">The tile the frame belongs to.</param>
/// <param name="Sequence">Increases by one per frame of this tile; a client that sees a gap asks for a snapshot.</param>
/// <param name="IsSnapshot">True when the payload holds every feature's latest values rather than a delta.</param>
/// <param name="Payload">The binary body (see <see cref="TileFrameCodec"/>).</param>
[GenerateSerializer, Immutable, Alias("TwinCity.TileFrame")]
public sealed record TileFrame(string TileId, long Sequence, bool IsSnapshot, byte[] Payload);
