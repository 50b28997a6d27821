using TwinCity.Importers.Geodesy;
using TwinCity.Models.Entities;

namespace TwinCity.Importers.Tests.Geodesy;

public sealed class LocalFrameTests
{
    private static readonly GeoOrigin Monaco = new(43.7384, 7.4246, 0);

    [Fact]
    public void Origin_maps_to_zero()
    {
        var (east, north) = new LocalFrame(Monaco).ToLocal(Monaco.Longitude, Monaco.Latitude);

        Assert.Equal(0, east, 6);
        Assert.Equal(0, north, 6);
    }

    [Fact]
    public void A_thousandth_of_a_degree_north_is_about_111_metres_and_no_east()
    {
        var (east, north) = new LocalFrame(Monaco).ToLocal(Monaco.Longitude, Monaco.Latitude + 0.001);

        // Meridian arc length at 43.7°N is 111.1 km per degree (WGS 84).
        Assert.InRange(north, 111.0, 111.2);
        Assert.InRange(Math.Abs(east), 0, 0.001);
    }

    [Fact]
    public void A_thousandth_of_a_degree_east_shrinks_with_the_cosine_of_latitude()
    {
        var (east, north) = new LocalFrame(Monaco).ToLocal(Monaco.Longitude + 0.001, Monaco.Latitude);

        // A parallel's radius is N·cos φ, with N the ellipsoid's prime-vertical radius of curvature.
        var phi = double.DegreesToRadians(Monaco.Latitude);
        var e2 = 0.00669437999014;
        var n = 6378137.0 / Math.Sqrt(1 - (e2 * Math.Sin(phi) * Math.Sin(phi)));
        var expected = double.DegreesToRadians(0.001) * n * Math.Cos(phi);
        Assert.InRange(east, expected - 0.01, expected + 0.01);
        Assert.InRange(Math.Abs(north), 0, 0.01);
    }

    [Fact]
    public void Tileset_transform_takes_local_coordinates_back_to_the_same_ECEF_point()
    {
        var frame = new LocalFrame(Monaco);
        var (lon, lat) = (7.4301, 43.7452);
        var (east, north) = frame.ToLocal(lon, lat);
        var m = frame.EnuToEcefMatrix();

        // Column-major: ecef = M · (east, north, 0, 1).
        var x = (m[0] * east) + (m[4] * north) + m[12];
        var y = (m[1] * east) + (m[5] * north) + m[13];
        var z = (m[2] * east) + (m[6] * north) + m[14];
        var expected = LocalFrame.ToEcef(lon, lat, 0);

        // The point is on the ellipsoid, the plane is tangent at the origin: the drop below the
        // plane (d²/2R ≈ 0.1 m at 1 km) is the only difference, and it is vertical.
        var distance = Math.Sqrt(Math.Pow(x - expected.X, 2) + Math.Pow(y - expected.Y, 2) + Math.Pow(z - expected.Z, 2));
        Assert.InRange(distance, 0, 0.2);
    }

    [Fact]
    public void Origin_outside_WGS84_ranges_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalFrame(new GeoOrigin(91, 7, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalFrame(new GeoOrigin(43, 181, 0)));
    }
}
