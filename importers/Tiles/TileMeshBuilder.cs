using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;
using NetTopologySuite.Triangulate.Polygon;
using TwinCity.Importers.Buildings;
using TwinCity.Importers.Geodesy;

namespace TwinCity.Importers.Tiles;

/// <summary>
/// Turns a tile's buildings into one GLB: every building extruded from its footprint (flat roof,
/// walls, a floor only when it floats), merged into a single primitive whose <c>_FEATURE_ID_0</c>
/// attribute holds the building's feature index. One primitive per tile is one draw call in the
/// viewer, however many buildings it holds. <see cref="TileGlbWriter"/> encodes the result.
/// </summary>
/// <remarks>
/// <para>
/// Roofs: a convex ring without holes (about half of real footprints: boxes, most houses) is fanned
/// from a corner, after NTS's robust orientation predicate has checked every turn goes the same way.
/// Every other roof is triangulated by NTS's ear-clipping PolygonTriangulator, holes included
/// (faster than its constrained Delaunay one, and a flat roof does not care about sliver triangles).
/// </para>
/// <para>
/// Coordinates follow glTF's y-up convention: glTF (x, y, z) = (east, up, −north) in the city frame,
/// which 3D Tiles clients rotate back to z-up before applying the tileset's ENU→ECEF transform.
/// </para>
/// </remarks>
public static class TileMeshBuilder
{
    private static readonly GeometryFactory LocalFactory = new(new PrecisionModel(), 0, PackedCoordinateSequenceFactory.DoubleFactory);

    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <summary>Builds the GLB for <paramref name="tile"/>; a building's feature index is its position in <see cref="TilePlan.Buildings"/>.</summary>
    public static TileMesh Build(TilePlan tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        var scratch = t_scratch ??= new Scratch();
        var geometry = scratch.Mesh;
        var bounds = tile.Bounds;
        geometry.Reset((float)((bounds.MinX + bounds.MaxX) / 2), (float)(tile.MaxHeight / 2), (float)((bounds.MinY + bounds.MaxY) / 2));
        List<string>? problems = null;
        for (var feature = 0; feature < tile.Buildings.Count; feature++)
        {
            var building = tile.Buildings[feature];
            if (building.Surfaces is not null)
            {
                var skipped = SurfaceMesher.Add(geometry, building.Surfaces, (ushort)feature);
                if (skipped > 0)
                {
                    (problems ??= []).Add($"tile {tile.Id} feature {feature} ({building.Id}): {skipped} of {building.Surfaces.Count} surfaces could not be triangulated");
                }

                continue;
            }

            for (var p = 0; p < building.Footprint.PolygonCount; p++)
            {
                var problem = Extrude(scratch, building.Footprint, p, building.Height, (ushort)feature);
                if (problem is not null)
                {
                    (problems ??= []).Add($"tile {tile.Id} feature {feature} ({building.Id}): {problem}");
                }
            }
        }

        var glb = TileGlbWriter.Write(tile, geometry);
        return new TileMesh(glb, geometry.VertexCount, geometry.IndexCount / 3, problems ?? (IReadOnlyList<string>)[]);
    }

    private static string? Extrude(Scratch scratch, LocalFootprint footprint, int index, ResolvedHeight height, ushort feature)
    {
        var polygon = footprint.GeographicPolygon(index);
        if (polygon.NumInteriorRings > 0)
        {
            return ExtrudeWithHoles(scratch, footprint.LocalPolygon(index), height, feature);
        }

        var count = Simplify(scratch, Distinct(scratch.Xy, footprint.ReadRing(polygon.ExteriorRing, ref scratch.Xy)));
        if (count < 3)
        {
            return ExtrudeWithHoles(scratch, footprint.LocalPolygon(index), height, feature);
        }

        var (turn, corner) = Convexity(scratch.Xy, count);
        if (turn != 0)
        {
            ExtrudeConvex(scratch.Mesh, scratch.Xy, count, turn > 0, corner, height, feature);
            return null;
        }

        return ExtrudeConcave(scratch, count, height, feature);
    }

    /// <summary>How far, in metres, a dropped ring point may lie from the simplified outline.</summary>
    internal const double SimplifyTolerance = 0.05;

    /// <summary>
    /// Drops ring points that lie within <see cref="SimplifyTolerance"/> of the outline without them:
    /// the nodes OSM puts on a straight wall where a neighbour's wall joins it. Each dropped point is
    /// checked against the segment that replaces it, so the outline moves by at most the tolerance, about
    /// the quantisation step of a large tile. Every point dropped saves two vertices and three
    /// triangles. Returns the number of points kept (never fewer than 3).
    /// </summary>
    private static int Simplify(Scratch scratch, int count)
    {
        if (count <= 3)
        {
            return count;
        }

        var xy = scratch.Xy;
        if (scratch.Source.Length < count * 2)
        {
            scratch.Source = new double[count * 4];
        }

        var src = scratch.Source;
        Array.Copy(xy, src, count * 2);
        // Start from the lowest-leftmost point, a corner of the hull: it is always kept.
        var start = 0;
        for (var i = 1; i < count; i++)
        {
            if (src[i * 2] < src[start * 2] || (src[i * 2] == src[start * 2] && src[(i * 2) + 1] < src[(start * 2) + 1]))
            {
                start = i;
            }
        }

        (xy[0], xy[1]) = (src[start * 2], src[(start * 2) + 1]);
        var kept = 1;
        var anchor = start;
        for (var step = 1; step < count; step++)
        {
            var i = (start + step) % count;
            var next = (i + 1) % count;
            if (AllNear(src, count, anchor, next, anchor, next))
            {
                continue;
            }

            (xy[kept * 2], xy[(kept * 2) + 1]) = (src[i * 2], src[(i * 2) + 1]);
            kept++;
            anchor = i;
        }

        if (kept < 3)
        {
            Array.Copy(src, xy, count * 2);
            return count;
        }

        return kept;
    }

    /// <summary>Whether every point strictly between <paramref name="from"/> and <paramref name="to"/> (cyclically) lies within the tolerance of segment a–b.</summary>
    private static bool AllNear(double[] src, int count, int from, int to, int a, int b)
    {
        var (ax, ay, bx, by) = (src[a * 2], src[(a * 2) + 1], src[b * 2], src[(b * 2) + 1]);
        var (dx, dy) = (bx - ax, by - ay);
        var length2 = (dx * dx) + (dy * dy);
        for (var k = (from + 1) % count; k != to; k = (k + 1) % count)
        {
            var (px, py) = (src[k * 2], src[(k * 2) + 1]);
            var t = length2 > 0 ? Math.Clamp((((px - ax) * dx) + ((py - ay) * dy)) / length2, 0, 1) : 0;
            var (ex, ey) = (ax + (t * dx) - px, ay + (t * dy) - py);
            if ((ex * ex) + (ey * ey) > SimplifyTolerance * SimplifyTolerance)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Drops repeated consecutive points and the closing point; returns how many points are left.</summary>
    private static int Distinct(double[] xy, int count)
    {
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            var (x, y) = (xy[i * 2], xy[(i * 2) + 1]);
            if (kept > 0 && x == xy[(kept - 1) * 2] && y == xy[((kept - 1) * 2) + 1])
            {
                continue;
            }

            (xy[kept * 2], xy[(kept * 2) + 1]) = (x, y);
            kept++;
        }

        while (kept > 1 && xy[0] == xy[(kept - 1) * 2] && xy[1] == xy[((kept - 1) * 2) + 1])
        {
            kept--;
        }

        return kept;
    }

    /// <summary>
    /// +1 for a convex counter-clockwise ring, −1 for a convex clockwise one, 0 otherwise; and a strictly
    /// convex corner to fan from. In a simple ring (footprints are valid), turns that all go one way,
    /// collinear points aside, make it convex.
    /// </summary>
    private static (int Turn, int Corner) Convexity(double[] xy, int count)
    {
        var turn = 0;
        var corner = -1;
        for (var i = 0; i < count; i++)
        {
            var previous = i == 0 ? count - 1 : i - 1;
            var next = i + 1 == count ? 0 : i + 1;
            var orientation = CGAlgorithmsDD.OrientationIndex(xy[previous * 2], xy[(previous * 2) + 1], xy[i * 2], xy[(i * 2) + 1], xy[next * 2], xy[(next * 2) + 1]);
            if (orientation == 0)
            {
                continue;
            }

            if (turn == 0)
            {
                (turn, corner) = (orientation, i);
            }
            else if (orientation != turn)
            {
                return (0, -1);
            }
        }

        return (turn, corner);
    }

    /// <summary>Walls, a roof fanned from <paramref name="corner"/>, and a floor if the building floats.</summary>
    private static void ExtrudeConvex(MeshGeometry mesh, double[] xy, int count, bool counterClockwise, int corner, ResolvedHeight height, ushort feature)
    {
        var (bottom, top) = (height.MinHeight, height.Height);
        var first = AddWalls(mesh, xy, count, counterClockwise, bottom, top, feature);
        var apex = counterClockwise ? corner : count - 1 - corner;
        for (var j = 1; j + 1 < count; j++)
        {
            var b = (apex + j) % count;
            var c = (apex + j + 1) % count;
            if (Turn(xy, count, counterClockwise, apex, b, c) == 0)
            {
                continue; // collinear points on an edge through the apex: a triangle of no area
            }

            mesh.AddTriangle(first + count + apex, first + count + b, first + count + c);
            if (bottom > 0)
            {
                // Raised buildings (canopies, bridges) are seen from below.
                mesh.AddTriangle(first + apex, first + c, first + b);
            }
        }
    }

    /// <summary>Walls, and a roof (and floor) from NTS's ear clipper mapped back onto the wall vertices.</summary>
    private static string? ExtrudeConcave(Scratch scratch, int count, ResolvedHeight height, ushort feature)
    {
        var xy = scratch.Xy;
        var closed = new double[(count + 1) * 2];
        Array.Copy(xy, closed, count * 2);
        (closed[count * 2], closed[(count * 2) + 1]) = (xy[0], xy[1]);
        var ring = new PackedDoubleCoordinateSequence(closed, 2, 0);
        var counterClockwise = Orientation.IsCCW(ring);
        var (bottom, top) = (height.MinHeight, height.Height);
        var mesh = scratch.Mesh;
        var first = AddWalls(mesh, xy, count, counterClockwise, bottom, top, feature);

        List<NetTopologySuite.Triangulate.Tri.Tri> triangles;
        try
        {
            triangles = new PolygonTriangulator(LocalFactory.CreatePolygon(ring)).GetTriangles();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or TopologyException)
        {
            return $"roof not triangulated: {ex.Message}";
        }

        // Wall vertex k stands at point k counter-clockwise: index the points by position to find the triangles' corners.
        var index = scratch.Points;
        index.Clear();
        for (var k = 0; k < count; k++)
        {
            var i = counterClockwise ? k : count - 1 - k;
            index.TryAdd((xy[i * 2], xy[(i * 2) + 1]), k);
        }

        foreach (var triangle in triangles)
        {
            var (p0, p1, p2) = (triangle.GetCoordinate(0), triangle.GetCoordinate(1), triangle.GetCoordinate(2));
            if (!index.TryGetValue((p0.X, p0.Y), out var a) || !index.TryGetValue((p1.X, p1.Y), out var b) || !index.TryGetValue((p2.X, p2.Y), out var c))
            {
                continue;
            }

            if (CGAlgorithmsDD.OrientationIndex(p0, p1, p2) < 0)
            {
                (b, c) = (c, b);
            }

            mesh.AddTriangle(first + count + a, first + count + b, first + count + c);
            if (bottom > 0)
            {
                mesh.AddTriangle(first + a, first + c, first + b);
            }
        }

        return null;
    }

    /// <summary>
    /// A bottom and a top vertex per ring point (bottoms first, then tops, counter-clockwise), and a
    /// quad per edge. With the ring counter-clockwise, outside is on the right, so every wall faces out.
    /// Returns the index of the first bottom vertex.
    /// </summary>
    private static int AddWalls(MeshGeometry mesh, double[] xy, int count, bool counterClockwise, double bottom, double top, ushort feature)
    {
        var first = mesh.VertexCount;
        for (var level = 0; level < 2; level++)
        {
            var up = level == 0 ? bottom : top;
            for (var k = 0; k < count; k++)
            {
                var i = counterClockwise ? k : count - 1 - k;
                mesh.AddVertex(xy[i * 2], up, xy[(i * 2) + 1], feature);
            }
        }

        for (var k = 0; k < count; k++)
        {
            var next = k + 1 == count ? 0 : k + 1;
            var (b0, b1, t0, t1) = (first + k, first + next, first + count + k, first + count + next);
            mesh.AddTriangle(b0, b1, t1);
            mesh.AddTriangle(b0, t1, t0);
        }

        return first;
    }

    /// <summary>NTS's orientation of three points given in counter-clockwise order (<paramref name="a"/>, <paramref name="b"/>, <paramref name="c"/>).</summary>
    private static int Turn(double[] xy, int count, bool counterClockwise, int a, int b, int c)
    {
        int At(int k) => (counterClockwise ? k : count - 1 - k) * 2;
        var (ia, ib, ic) = (At(a), At(b), At(c));
        return CGAlgorithmsDD.OrientationIndex(xy[ia], xy[ia + 1], xy[ib], xy[ib + 1], xy[ic], xy[ic + 1]);
    }

    /// <summary>
    /// Footprints with holes (courtyards), the rare case: vertices shared by position across the shell
    /// and holes (a hole may touch the shell), the roof from NTS's triangulator with the holes joined in.
    /// </summary>
    private static string? ExtrudeWithHoles(Scratch scratch, Polygon footprint, ResolvedHeight height, ushort feature)
    {
        var mesh = scratch.Mesh;
        var (bottom, top) = (height.MinHeight, height.Height);
        var topIndex = scratch.Points;
        var bottomIndex = scratch.BottomPoints;
        topIndex.Clear();
        bottomIndex.Clear();
        AddRing(mesh, Oriented(footprint.ExteriorRing, counterClockwise: true), bottom, top, feature, topIndex, bottomIndex);
        foreach (var hole in footprint.InteriorRings)
        {
            AddRing(mesh, Oriented(hole, counterClockwise: false), bottom, top, feature, topIndex, bottomIndex);
        }

        List<NetTopologySuite.Triangulate.Tri.Tri> triangles;
        try
        {
            triangles = new PolygonTriangulator(footprint).GetTriangles();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or TopologyException)
        {
            return $"roof not triangulated: {ex.Message}";
        }

        foreach (var triangle in triangles)
        {
            var (p0, p1, p2) = (triangle.GetCoordinate(0), triangle.GetCoordinate(1), triangle.GetCoordinate(2));
            if (CGAlgorithmsDD.OrientationIndex(p0, p1, p2) < 0)
            {
                (p1, p2) = (p2, p1);
            }

            mesh.AddTriangle(Vertex(mesh, p0, top, feature, topIndex), Vertex(mesh, p1, top, feature, topIndex), Vertex(mesh, p2, top, feature, topIndex));
            if (bottom > 0)
            {
                mesh.AddTriangle(Vertex(mesh, p0, bottom, feature, bottomIndex), Vertex(mesh, p2, bottom, feature, bottomIndex), Vertex(mesh, p1, bottom, feature, bottomIndex));
            }
        }

        return null;
    }

    /// <summary>A bottom and a top vertex per ring point, shared by position, and a quad per edge.</summary>
    private static void AddRing(MeshGeometry mesh, CoordinateSequence ring, double bottom, double top, ushort feature,
        Dictionary<(double, double), int> topIndex, Dictionary<(double, double), int> bottomIndex)
    {
        var count = ring.Count - 1; // a ring repeats its first point
        for (var i = 0; i < count; i++)
        {
            var next = i + 1 == count ? 0 : i + 1;
            var b0 = Vertex(mesh, ring.GetX(i), ring.GetY(i), bottom, feature, bottomIndex);
            var b1 = Vertex(mesh, ring.GetX(next), ring.GetY(next), bottom, feature, bottomIndex);
            if (b0 == b1)
            {
                continue; // a repeated point: no wall
            }

            var t0 = Vertex(mesh, ring.GetX(i), ring.GetY(i), top, feature, topIndex);
            var t1 = Vertex(mesh, ring.GetX(next), ring.GetY(next), top, feature, topIndex);
            mesh.AddTriangle(b0, b1, t1);
            mesh.AddTriangle(b0, t1, t0);
        }
    }

    private static int Vertex(MeshGeometry mesh, Coordinate c, double up, ushort feature, Dictionary<(double, double), int> index) =>
        Vertex(mesh, c.X, c.Y, up, feature, index);

    /// <summary>The vertex at a footprint point and height, shared by every face of the building that uses it.</summary>
    private static int Vertex(MeshGeometry mesh, double x, double y, double up, ushort feature, Dictionary<(double, double), int> index)
    {
        if (!index.TryGetValue((x, y), out var vertex))
        {
            vertex = mesh.AddVertex(x, up, y, feature);
            index[(x, y)] = vertex;
        }

        return vertex;
    }

    private static CoordinateSequence Oriented(LineString ring, bool counterClockwise)
    {
        var sequence = ring.CoordinateSequence;
        if (Orientation.IsCCW(sequence) == counterClockwise)
        {
            return sequence;
        }

        var reversed = sequence.Copy();
        CoordinateSequences.Reverse(reversed);
        return reversed;
    }

    /// <summary>Per-thread buffers reused from building to building and tile to tile.</summary>
    private sealed class Scratch
    {
        public MeshGeometry Mesh { get; } = new();

        public double[] Source = new double[256];

        /// <summary>A ring's local points, x and y.</summary>
        public double[] Xy = new double[256];

        public Dictionary<(double, double), int> Points { get; } = [];

        public Dictionary<(double, double), int> BottomPoints { get; } = [];
    }
}
