using NetTopologySuite.Geometries;

namespace TwinCity.Importers.Tiles;

/// <summary>Growing vertex and index lists for one primitive: flat-shaded, so each face has its own vertices.</summary>
internal sealed class MeshGeometry
{
    public List<float> Positions { get; } = [];

    public List<float> Normals { get; } = [];

    /// <summary>
    /// Feature index per vertex, as FLOAT: glTF wants every vertex attribute element 4-byte aligned,
    /// so a UNSIGNED_SHORT id would take 4 bytes anyway, and float is what every client reads.
    /// </summary>
    public List<float> FeatureIds { get; } = [];

    public List<uint> Indices { get; } = [];

    public int VertexCount => FeatureIds.Count;

    public void AddVertex(float x, float y, float z, float nx, float ny, float nz, ushort feature)
    {
        Positions.Add(x);
        Positions.Add(y);
        Positions.Add(z);
        Normals.Add(nx);
        Normals.Add(ny);
        Normals.Add(nz);
        FeatureIds.Add(feature);
    }

    public void AddIndices(int a, int b, int c)
    {
        Indices.Add((uint)a);
        Indices.Add((uint)b);
        Indices.Add((uint)c);
    }

    /// <summary>Adds a horizontal triangle at <paramref name="y"/> from three points of an east/north sequence.</summary>
    public void AddTriangle(CoordinateSequence ring, int a, int b, int c, float y, float nx, float ny, float nz, ushort feature)
    {
        var first = VertexCount;
        foreach (var i in (ReadOnlySpan<int>)[a, b, c])
        {
            AddVertex((float)ring.GetX(i), y, -(float)ring.GetY(i), nx, ny, nz, feature);
        }

        AddIndices(first, first + 1, first + 2);
    }
}
