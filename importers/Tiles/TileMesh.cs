namespace TwinCity.Importers.Tiles;

/// <summary>A tile's binary glTF and what went into it.</summary>
/// <param name="Glb">The GLB bytes (a segment of the array SharpGLTF wrote them to: copying a tile of a megabyte again would be waste).</param>
/// <param name="VertexCount">Vertices in the tile's single primitive.</param>
/// <param name="TriangleCount">Triangles in the tile's single primitive.</param>
/// <param name="Problems">Buildings whose roof could not be triangulated, with the reason (their walls are kept).</param>
public sealed record TileMesh(ReadOnlyMemory<byte> Glb, int VertexCount, int TriangleCount, IReadOnlyList<string> Problems);
