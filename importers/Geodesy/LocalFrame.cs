using NetTopologySuite.Geometries;
using TwinCity.Models.Entities;

namespace TwinCity.Importers.Geodesy;

/// <summary>
/// The city's local east-north-up frame in metres (DESIGN §1), anchored at <see cref="Origin"/> on
/// the WGS 84 ellipsoid. Conversion goes through ECEF, so it stays exact over a whole city
/// rather than drifting like a flat-earth approximation.
/// </summary>
public sealed class LocalFrame
{
    private const double SemiMajorAxis = 6378137.0;
    private const double Flattening = 1 / 298.257223563;
    private const double EccentricitySquared = Flattening * (2 - Flattening);

    private static readonly GeometryFactory LocalFactory = new(new PrecisionModel(), 0, NetTopologySuite.Geometries.Implementation.PackedCoordinateSequenceFactory.DoubleFactory);

    private readonly double _originX;
    private readonly double _originY;
    private readonly double _originZ;
    private readonly double _sinLat;
    private readonly double _cosLat;
    private readonly double _sinLon;
    private readonly double _cosLon;

    /// <summary>Creates the frame anchored at <paramref name="origin"/>.</summary>
    public LocalFrame(GeoOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        if (!IsValidLongitude(origin.Longitude) || !IsValidLatitude(origin.Latitude))
        {
            throw new ArgumentOutOfRangeException(nameof(origin), origin, "origin must be a WGS 84 longitude in [-180, 180] and latitude in [-90, 90]");
        }

        Origin = origin;
        var lat = double.DegreesToRadians(origin.Latitude);
        var lon = double.DegreesToRadians(origin.Longitude);
        (_sinLat, _cosLat) = Math.SinCos(lat);
        (_sinLon, _cosLon) = Math.SinCos(lon);
        (_originX, _originY, _originZ) = ToEcef(origin.Longitude, origin.Latitude, origin.Height);
    }

    /// <summary>The anchor: (0, 0, 0) in this frame.</summary>
    public GeoOrigin Origin { get; }

    /// <summary>True for a longitude in degrees that WGS 84 allows.</summary>
    public static bool IsValidLongitude(double longitude) => longitude is >= -180 and <= 180;

    /// <summary>True for a latitude in degrees that WGS 84 allows.</summary>
    public static bool IsValidLatitude(double latitude) => latitude is >= -90 and <= 90;

    /// <summary>Earth-centred, earth-fixed coordinates of a WGS 84 position, in metres.</summary>
    public static (double X, double Y, double Z) ToEcef(double longitude, double latitude, double height)
    {
        var (sinLat, cosLat) = Math.SinCos(double.DegreesToRadians(latitude));
        var (sinLon, cosLon) = Math.SinCos(double.DegreesToRadians(longitude));
        var n = SemiMajorAxis / Math.Sqrt(1 - (EccentricitySquared * sinLat * sinLat));
        return (
            (n + height) * cosLat * cosLon,
            (n + height) * cosLat * sinLon,
            ((n * (1 - EccentricitySquared)) + height) * sinLat);
    }

    /// <summary>
    /// The longitude/latitude <paramref name="east"/> and <paramref name="north"/> metres from a point,
    /// through the ellipsoid's radii of curvature there: exact to well under a millimetre over the few
    /// hundred metres of a building, which is what it is for.
    /// </summary>
    public static (double Longitude, double Latitude) Offset(double longitude, double latitude, double east, double north)
    {
        var sinLat = Math.Sin(double.DegreesToRadians(latitude));
        var w = Math.Sqrt(1 - (EccentricitySquared * sinLat * sinLat));
        var primeVertical = SemiMajorAxis / w;
        var meridian = SemiMajorAxis * (1 - EccentricitySquared) / (w * w * w);
        return (
            longitude + double.RadiansToDegrees(east / (primeVertical * Math.Cos(double.DegreesToRadians(latitude)))),
            latitude + double.RadiansToDegrees(north / meridian));
    }

    /// <summary>East and north in metres of a WGS 84 longitude/latitude on the ellipsoid.</summary>
    public (double East, double North) ToLocal(double longitude, double latitude)
    {
        var (x, y, z) = ToEcef(longitude, latitude, 0);
        var dx = x - _originX;
        var dy = y - _originY;
        var dz = z - _originZ;
        var east = (-_sinLon * dx) + (_cosLon * dy);
        var north = (-_sinLat * _cosLon * dx) - (_sinLat * _sinLon * dy) + (_cosLat * dz);
        return (east, north);
    }

    /// <summary>
    /// Copies a geographic geometry (X = longitude, Y = latitude, optional Z = height) into this frame
    /// (X = east, Y = north, Z = up from the origin; the Earth's curvature, 8 cm a kilometre out, is ignored).
    /// </summary>
    public T ToLocal<T>(T geographic)
        where T : Geometry
    {
        ArgumentNullException.ThrowIfNull(geographic);
        // Packed sequences hold coordinates as one double array (16-24 bytes a point instead of a
        // Coordinate object each): a million-building city keeps every footprint in memory until tiled.
        var local = (T)LocalFactory.CreateGeometry(geographic);
        local.Apply(new ToLocalFilter(this));
        local.GeometryChanged();
        return local;
    }

    /// <summary>
    /// The 4×4 column-major matrix taking this frame (x east, y north, z up) to ECEF: the root
    /// <c>transform</c> of a 3D Tiles tileset.
    /// </summary>
    public double[] EnuToEcefMatrix() =>
    [
        -_sinLon, _cosLon, 0, 0,
        -_sinLat * _cosLon, -_sinLat * _sinLon, _cosLat, 0,
        _cosLat * _cosLon, _cosLat * _sinLon, _sinLat, 0,
        _originX, _originY, _originZ, 1,
    ];

    private sealed class ToLocalFilter(LocalFrame frame) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var (east, north) = frame.ToLocal(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, east);
                seq.SetY(i, north);
                if (seq.HasZ && !double.IsNaN(seq.GetZ(i)))
                {
                    seq.SetZ(i, seq.GetZ(i) - frame.Origin.Height);
                }
            }
        }
    }
}
