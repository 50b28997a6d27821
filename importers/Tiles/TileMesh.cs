namespace TwinCity.Importers.Tiles;

/// <summary>A tile's binary glTF and what went into it.</summary>
/// <param name="Glb">The GLB bytes.</param>
/// <param name="VertexCount">Vertices in the tile's single primitive.</param>
/// <param name="TriangleCount">Triangles in the tile's single primitive.</param>
/// <param name="Problems">Buildings whose roof could not be triangulated, with the reason (their walls are kept).</param>
public sealed record TileMesh(byte[] Glb, int VertexCount, int TriangleCount, IReadOnlyList<string> Problems);
