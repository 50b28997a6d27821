namespace TwinCity.Importers.Tiles;

/// <summary>
/// Growing vertex and index arrays for one primitive, with glTF axes (x east, y up, z south) relative
/// to <see cref="Origin"/>, the tile's centre, which becomes the node's translation: float32 keeps
/// sub-millimetre precision that way however far the tile lies from the city origin. Vertices are
/// shared between a building's walls and roof: there are no normals to tell them apart, because
/// clients shade flat from the triangles (glTF: "when normals are not specified, client
/// implementations must calculate flat normals"), which halves what a tile weighs.
/// </summary>
/// <remarks>
/// One instance per thread is reused from tile to tile (<see cref="Reset"/>): the arrays grow to the
/// largest tile once instead of being allocated, grown and dropped for every tile.
/// </remarks>
internal sealed class MeshGeometry
{
    private float[] _positions = new float[3 * 4096];
    private ushort[] _featureIds = new ushort[4096];
    private uint[] _indices = new uint[3 * 8192];

    /// <summary>The point (east, up, north in the city frame) positions are relative to.</summary>
    public (float East, float Up, float North) Origin { get; private set; }

    public int VertexCount { get; private set; }

    public int IndexCount { get; private set; }

    /// <summary>x, y, z per vertex, relative to <see cref="Origin"/>, glTF axes.</summary>
    public ReadOnlySpan<float> Positions => _positions.AsSpan(0, VertexCount * 3);

    /// <summary>The feature index of each vertex (written as glTF's UNSIGNED_SHORT <c>_FEATURE_ID_0</c>).</summary>
    public ReadOnlySpan<ushort> FeatureIds => _featureIds.AsSpan(0, VertexCount);

    public ReadOnlySpan<uint> Indices => _indices.AsSpan(0, IndexCount);

    /// <summary>Empties the mesh and sets the origin of its positions.</summary>
    public void Reset(float east, float up, float north)
    {
        Origin = (east, up, north);
        VertexCount = 0;
        IndexCount = 0;
    }

    public int AddVertex(double east, double up, double north, ushort feature)
    {
        var v = VertexCount;
        if (v == _featureIds.Length)
        {
            Array.Resize(ref _featureIds, v * 2);
            Array.Resize(ref _positions, v * 6);
        }

        var p = v * 3;
        _positions[p] = (float)(east - Origin.East);
        _positions[p + 1] = (float)(up - Origin.Up);
        _positions[p + 2] = (float)(Origin.North - north); // z points south
        _featureIds[v] = feature;
        VertexCount = v + 1;
        return v;
    }

    public void AddTriangle(int a, int b, int c)
    {
        var i = IndexCount;
        if (i + 3 > _indices.Length)
        {
            Array.Resize(ref _indices, _indices.Length * 2);
        }

        _indices[i] = (uint)a;
        _indices[i + 1] = (uint)b;
        _indices[i + 2] = (uint)c;
        IndexCount = i + 3;
    }
}
