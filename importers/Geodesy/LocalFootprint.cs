using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;

namespace TwinCity.Importers.Geodesy;

/// <summary>
/// A footprint in the city's local frame (metres, X east, Y north), reprojected from its WGS 84 source
/// on demand. The envelope and area are computed once, here; the vertices each time they are read,
/// which the mesher does once per building.
/// </summary>
/// <remarks>
/// Why not keep a local copy: a packed NTS copy costs ~440 bytes a building (plus ~140 once its
/// envelopes are cached), which for a million buildings is more than half a gigabyte held from
/// reprojection until the last tile is written. Reprojecting a vertex again costs ~60 ns, about half
/// a second of CPU for a million buildings, spread over the cores that mesh the tiles.
/// </remarks>
public sealed class LocalFootprint
{
    private static readonly GeometryFactory LocalFactory = new(new PrecisionModel(), 0, PackedCoordinateSequenceFactory.DoubleFactory);

    /// <summary>Reprojects <paramref name="geographic"/> once to find its local envelope and area.</summary>
    public LocalFootprint(MultiPolygon geographic, LocalFrame frame)
    {
        ArgumentNullException.ThrowIfNull(geographic);
        ArgumentNullException.ThrowIfNull(frame);
        Geographic = geographic;
        Frame = frame;
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        var area = 0.0;
        for (var p = 0; p < geographic.NumGeometries; p++)
        {
            var polygon = (Polygon)geographic.GetGeometryN(p);
            for (var r = 0; r <= polygon.NumInteriorRings; r++)
            {
                var ring = r == 0 ? polygon.ExteriorRing.CoordinateSequence : polygon.GetInteriorRingN(r - 1).CoordinateSequence;
                var ringArea = ScanRing(ring, frame, ref minX, ref minY, ref maxX, ref maxY);
                area += r == 0 ? ringArea : -ringArea;
            }
        }

        (MinX, MinY, MaxX, MaxY, Area) = (minX, minY, maxX, maxY, area);
    }

    /// <summary>The footprint as read, in WGS 84 (X longitude, Y latitude).</summary>
    public MultiPolygon Geographic { get; }

    /// <summary>The frame the local coordinates are in.</summary>
    public LocalFrame Frame { get; }

    /// <summary>West edge of the envelope, metres east of the origin.</summary>
    public double MinX { get; }

    /// <summary>South edge of the envelope, metres north of the origin.</summary>
    public double MinY { get; }

    /// <summary>East edge of the envelope.</summary>
    public double MaxX { get; }

    /// <summary>North edge of the envelope.</summary>
    public double MaxY { get; }

    /// <summary>Area in square metres (holes excluded), as NTS computes it on the local geometry.</summary>
    public double Area { get; }

    /// <summary>A new envelope of the local footprint.</summary>
    public Envelope Envelope => new(MinX, MaxX, MinY, MaxY);

    /// <summary>Number of polygons.</summary>
    public int PolygonCount => Geographic.NumGeometries;

    /// <summary>Polygon <paramref name="index"/> of the source, in WGS 84.</summary>
    public Polygon GeographicPolygon(int index) => (Polygon)Geographic.GetGeometryN(index);

    /// <summary>
    /// Reprojects <paramref name="ring"/> (a ring of this footprint's source) into <paramref name="xy"/>
    /// as x, y pairs, growing the buffer if needed; returns the number of points, closing point included.
    /// </summary>
    public int ReadRing(LineString ring, ref double[] xy)
    {
        ArgumentNullException.ThrowIfNull(ring);
        var sequence = ring.CoordinateSequence;
        var count = sequence.Count;
        if (xy.Length < count * 2)
        {
            xy = new double[Math.Max(count * 2, xy.Length * 2)];
        }

        for (var i = 0; i < count; i++)
        {
            var (east, north) = Frame.ToLocal(sequence.GetX(i), sequence.GetY(i));
            xy[i * 2] = east;
            xy[(i * 2) + 1] = north;
        }

        return count;
    }

    /// <summary>Polygon <paramref name="index"/> in the local frame, as a new NTS geometry (for triangulation with holes).</summary>
    public Polygon LocalPolygon(int index)
    {
        var polygon = GeographicPolygon(index);
        var holes = new LinearRing[polygon.NumInteriorRings];
        for (var h = 0; h < holes.Length; h++)
        {
            holes[h] = LocalRing(polygon.GetInteriorRingN(h));
        }

        return LocalFactory.CreatePolygon(LocalRing(polygon.ExteriorRing), holes);
    }

    /// <summary>The whole footprint in the local frame, as a new NTS geometry.</summary>
    public MultiPolygon ToGeometry()
    {
        var polygons = new Polygon[PolygonCount];
        for (var p = 0; p < polygons.Length; p++)
        {
            polygons[p] = LocalPolygon(p);
        }

        return LocalFactory.CreateMultiPolygon(polygons);
    }

    private LinearRing LocalRing(LineString ring)
    {
        var xy = new double[ring.NumPoints * 2];
        ReadRing(ring, ref xy);
        return LocalFactory.CreateLinearRing(new PackedDoubleCoordinateSequence(xy, 2, 0));
    }

    /// <summary>
    /// Expands the envelope by the ring's local points and returns the ring's unsigned area, with
    /// the same shifted shoelace formula as NTS's <c>Area.OfRingSigned</c>, so areas agree with NTS's.
    /// </summary>
    private static double ScanRing(CoordinateSequence ring, LocalFrame frame, ref double minX, ref double minY, ref double maxX, ref double maxY)
    {
        var n = ring.Count;
        if (n == 0)
        {
            return 0;
        }

        var (x1, y1) = frame.ToLocal(ring.GetX(0), ring.GetY(0));
        Expand(x1, y1, ref minX, ref minY, ref maxX, ref maxY);
        if (n < 2)
        {
            return 0;
        }

        var (x2, y2) = frame.ToLocal(ring.GetX(1), ring.GetY(1));
        Expand(x2, y2, ref minX, ref minY, ref maxX, ref maxY);
        var x0 = x1;
        x2 -= x0;
        var sum = 0.0;
        for (var i = 1; i < n - 1; i++)
        {
            var y0 = y1;
            (x1, y1) = (x2, y2);
            (x2, y2) = frame.ToLocal(ring.GetX(i + 1), ring.GetY(i + 1));
            Expand(x2, y2, ref minX, ref minY, ref maxX, ref maxY);
            x2 -= x0;
            sum += x1 * (y0 - y2);
        }

        return n < 3 ? 0 : Math.Abs(sum / 2.0);
    }

    private static void Expand(double x, double y, ref double minX, ref double minY, ref double maxX, ref double maxY)
    {
        minX = Math.Min(minX, x);
        minY = Math.Min(minY, y);
        maxX = Math.Max(maxX, x);
        maxY = Math.Max(maxY, y);
    }
}
