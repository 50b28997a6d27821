namespace TwinCity.Importers.Layers;

/// <summary>
/// Flat ribbons (streets, lines) and squares (nodes) in glTF axes (x east, y up, z south) relative to
/// a tile centre, with a feature index per vertex. Ribbons rather than glTF LINES: a line is one pixel
/// wide in WebGL whatever the zoom, while a ribbon shows the road's width and is coloured through the
/// same triangle path, feature texture and picking as the building tiles.
/// </summary>
internal sealed class RibbonMesh(double centreEast, double centreNorth, float elevation)
{
    /// <summary>How far a mitred corner may reach, in half-widths, before it is clipped (sharp turns).</summary>
    private const double MaxMiter = 2.0;

    public List<float> Positions { get; } = [];

    public List<float> FeatureIds { get; } = [];

    public List<uint> Indices { get; } = [];

    public (double East, double North) Centre => (centreEast, centreNorth);

    public float Elevation => elevation;

    public int VertexCount => FeatureIds.Count;

    /// <summary>Adds a ribbon of <paramref name="width"/> metres along <paramref name="line"/> (local east/north metres).</summary>
    public void AddRibbon(IReadOnlyList<(double East, double North)> line, double width, int feature)
    {
        var points = Distinct(line);
        if (points.Count < 2)
        {
            if (points.Count == 1)
            {
                AddSquare(points[0], width, feature);
            }

            return;
        }

        var half = width / 2;
        var first = (uint)VertexCount;
        for (var i = 0; i < points.Count; i++)
        {
            var (nx, ny) = Miter(points, i);
            var (e, n) = points[i];
            AddVertex(e - (nx * half), n - (ny * half), feature);  // right
            AddVertex(e + (nx * half), n + (ny * half), feature);  // left
        }

        for (var i = 0; i < points.Count - 1; i++)
        {
            var r0 = first + (uint)(2 * i);
            // Counter-clockwise seen from above (east, then north), so the face points up.
            Indices.AddRange([r0, r0 + 2, r0 + 3, r0, r0 + 3, r0 + 1]);
        }
    }

    /// <summary>Adds a square of side <paramref name="side"/> centred on <paramref name="point"/>.</summary>
    public void AddSquare((double East, double North) point, double side, int feature)
    {
        var h = side / 2;
        var first = (uint)VertexCount;
        AddVertex(point.East - h, point.North - h, feature);
        AddVertex(point.East + h, point.North - h, feature);
        AddVertex(point.East + h, point.North + h, feature);
        AddVertex(point.East - h, point.North + h, feature);
        Indices.AddRange([first, first + 1, first + 2, first, first + 2, first + 3]);
    }

    private void AddVertex(double east, double north, int feature)
    {
        Positions.Add((float)(east - centreEast));
        Positions.Add(elevation);
        Positions.Add((float)-(north - centreNorth));
        FeatureIds.Add(feature);
    }

    /// <summary>The left-pointing offset at vertex i: the mean of the neighbouring segments' normals, lengthened to keep the width on both.</summary>
    private static (double X, double Y) Miter(List<(double East, double North)> points, int i)
    {
        var before = i > 0 ? Normal(points[i - 1], points[i]) : Normal(points[i], points[i + 1]);
        var after = i < points.Count - 1 ? Normal(points[i], points[i + 1]) : before;
        var (x, y) = (before.X + after.X, before.Y + after.Y);
        var length = Math.Sqrt((x * x) + (y * y));
        if (length < 1e-9)
        {
            return after;
        }

        (x, y) = (x / length, y / length);
        var cos = (x * after.X) + (y * after.Y);
        var scale = Math.Min(MaxMiter, 1 / Math.Max(cos, 1e-6));
        return (x * scale, y * scale);
    }

    private static (double X, double Y) Normal((double East, double North) a, (double East, double North) b)
    {
        var (dx, dy) = (b.East - a.East, b.North - a.North);
        var length = Math.Sqrt((dx * dx) + (dy * dy));
        return (-dy / length, dx / length);
    }

    /// <summary>The line without repeated points (closer than a centimetre), which would give a zero-length direction.</summary>
    private static List<(double East, double North)> Distinct(IReadOnlyList<(double East, double North)> line)
    {
        var points = new List<(double East, double North)>(line.Count);
        foreach (var p in line)
        {
            if (points.Count == 0 || Math.Abs(p.East - points[^1].East) + Math.Abs(p.North - points[^1].North) > 0.01)
            {
                points.Add(p);
            }
        }

        return points;
    }
}
