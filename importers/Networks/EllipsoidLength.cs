using NetTopologySuite.Geometries;
using TwinCity.Importers.Geodesy;

namespace TwinCity.Importers.Networks;

/// <summary>
/// Lengths of WGS 84 lines in metres, as the sum of the straight (ECEF) distances between
/// consecutive vertices on the ellipsoid. A chord is shorter than the geodesic by about d³/24R²:
/// 1 mm for vertices 10 km apart, far below anything a street or a cable needs, and with none of
/// the scale error of a projection or the 0.5 % of a spherical formula.
/// </summary>
public static class EllipsoidLength
{
    /// <summary>The length of <paramref name="line"/> (X longitude, Y latitude, degrees).</summary>
    public static double Metres(LineString line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Metres(line.CoordinateSequence);
    }

    /// <summary>The length of the polyline <paramref name="points"/> (X longitude, Y latitude, degrees).</summary>
    public static double Metres(CoordinateSequence points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2)
        {
            return 0;
        }

        var total = 0.0;
        var previous = LocalFrame.ToEcef(points.GetX(0), points.GetY(0), 0);
        for (var i = 1; i < points.Count; i++)
        {
            var current = LocalFrame.ToEcef(points.GetX(i), points.GetY(i), 0);
            var (dx, dy, dz) = (current.X - previous.X, current.Y - previous.Y, current.Z - previous.Z);
            total += Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
            previous = current;
        }

        return total;
    }
}
