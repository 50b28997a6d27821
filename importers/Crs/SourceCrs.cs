using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;
using TwinCity.Importers.Errors;

namespace TwinCity.Importers.Crs;

/// <summary>
/// A source file's coordinate reference system and the way from it to WGS 84 longitude/latitude,
/// from which <see cref="Geodesy.LocalFrame"/> takes over. Built from what the file says (a .prj, a
/// GeoPackage srs row, a CityJSON "referenceSystem"); a CRS we cannot use is an error naming it, never a guess.
/// </summary>
public sealed class SourceCrs
{
    private static readonly CoordinateSystemFactory Factory = new();
    private static readonly CoordinateTransformationFactory Transformations = new();

    private readonly MathTransform? _toWgs84;

    private SourceCrs(string name, MathTransform? toWgs84)
    {
        Name = name;
        _toWgs84 = toWgs84;
    }

    /// <summary>WGS 84 longitude/latitude in degrees (EPSG:4326 with GeoJSON's axis order): no transformation.</summary>
    public static SourceCrs Wgs84 { get; } = new("WGS 84 (EPSG:4326)", null);

    /// <summary>The CRS's name as the file gives it.</summary>
    public string Name { get; }

    /// <summary>Reads a CRS from OGC or ESRI WKT; <paramref name="where"/> (e.g. "buildings.prj") names it in errors.</summary>
    /// <exception cref="CrsException">The WKT cannot be parsed or has no known transformation to WGS 84.</exception>
    public static SourceCrs FromWkt(string wkt, string where)
    {
        CoordinateSystem system;
        try
        {
            system = Factory.CreateFromWkt(wkt.Trim());
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or NotSupportedException or InvalidOperationException)
        {
            throw new CrsException($"{where}: the CRS definition cannot be read ({ex.Message}): {Abbreviate(wkt)}");
        }

        return FromSystem(system, where);
    }

    /// <summary>
    /// A CRS by code: <c>EPSG:4326</c> and the WGS 84 / UTM zones (<c>EPSG:326xx</c> north, <c>EPSG:327xx</c> south).
    /// Others need their WKT (a .prj file, or the GeoPackage srs table).
    /// </summary>
    public static SourceCrs FromCode(string code, string where)
    {
        var parts = code.Split(':', 2);
        if (parts.Length == 2 && parts[0].Equals("EPSG", StringComparison.OrdinalIgnoreCase) && int.TryParse(parts[1], out var epsg))
        {
            switch (epsg)
            {
                case 4326 or 4979:
                    return Wgs84;
                case >= 32601 and <= 32660:
                    return FromSystem(ProjectedCoordinateSystem.WGS84_UTM(epsg - 32600, true), where);
                case >= 32701 and <= 32760:
                    return FromSystem(ProjectedCoordinateSystem.WGS84_UTM(epsg - 32700, false), where);
            }

            if (KnownCrs.TryGet(epsg, out var wkt, out var name))
            {
                var known = FromWkt(wkt, where);
                return new SourceCrs(name, known._toWgs84);
            }
        }

        throw new CrsException($"{where}: CRS {code} is not one we know by code (EPSG:4326, EPSG:326xx/327xx, {string.Join(", ", KnownCrs.Codes.Select(c => $"EPSG:{c}"))}); give its definition as WKT, or reproject the file");
    }

    /// <summary>Copies <paramref name="geometry"/> into WGS 84 (X = longitude, Y = latitude).</summary>
    public T ToWgs84<T>(T geometry)
        where T : Geometry
    {
        if (_toWgs84 is null)
        {
            return geometry;
        }

        var copy = (T)geometry.Copy();
        copy.Apply(new TransformFilter(_toWgs84));
        copy.GeometryChanged();
        return copy;
    }

    private static SourceCrs FromSystem(CoordinateSystem system, string where)
    {
        if (system is GeographicCoordinateSystem geographic && IsWgs84Like(geographic))
        {
            return new SourceCrs(system.Name, null);
        }

        try
        {
            var transformation = Transformations.CreateFromCoordinateSystems(system, GeographicCoordinateSystem.WGS84);
            return new SourceCrs(system.Name, transformation.MathTransform);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or NotImplementedException or InvalidOperationException)
        {
            throw new CrsException($"{where}: no transformation from CRS \"{system.Name}\" to WGS 84 ({ex.Message})");
        }
    }

    private static bool IsWgs84Like(GeographicCoordinateSystem system) =>
        Math.Abs(system.HorizontalDatum.Ellipsoid.SemiMajorAxis - 6378137.0) < 1e-3
        && Math.Abs(system.HorizontalDatum.Ellipsoid.InverseFlattening - 298.257223563) < 1e-6
        && Math.Abs(system.PrimeMeridian.Longitude) < 1e-12
        && Math.Abs(system.AngularUnit.RadiansPerUnit - (Math.PI / 180)) < 1e-12;

    private static string Abbreviate(string text) => text.Length <= 120 ? text : text[..117] + "...";

    private sealed class TransformFilter(MathTransform transform) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var (x, y) = transform.Transform(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }
}
