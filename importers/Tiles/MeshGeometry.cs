namespace TwinCity.Importers.Tiles;

/// <summary>
/// Growing vertex and index lists for one primitive, in the city frame with glTF axes (x east, y up,
/// z south). Vertices are shared between a building's walls and roof: there are no normals to tell
/// them apart, because clients shade flat from the triangles (glTF: "when normals are not specified,
/// client implementations must calculate flat normals"), which halves what a tile weighs.
/// </summary>
internal sealed class MeshGeometry
{
    public List<float> Positions { get; } = [];

    public List<ushort> FeatureIds { get; } = [];

    public List<uint> Indices { get; } = [];

    public int VertexCount => FeatureIds.Count;

    public int AddVertex(double east, double up, double north, ushort feature)
    {
        Positions.Add((float)east);
        Positions.Add((float)up);
        Positions.Add((float)-north);
        FeatureIds.Add(feature);
        return FeatureIds.Count - 1;
    }

    public void AddTriangle(int a, int b, int c)
    {
        Indices.Add((uint)a);
        Indices.Add((uint)b);
        Indices.Add((uint)c);
    }

    /// <summary>Smallest and largest value per axis, for quantisation and the accessor bounds.</summary>
    public (float[] Min, float[] Max) Bounds()
    {
        float[] min = [float.MaxValue, float.MaxValue, float.MaxValue];
        float[] max = [float.MinValue, float.MinValue, float.MinValue];
        for (var i = 0; i < Positions.Count; i++)
        {
            min[i % 3] = Math.Min(min[i % 3], Positions[i]);
            max[i % 3] = Math.Max(max[i % 3], Positions[i]);
        }

        return (min, max);
    }
}
