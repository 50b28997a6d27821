namespace TwinCity.Importers.Crs;

/// <summary>
/// Definitions of CRSs that files name only by EPSG code (CityJSON's <c>referenceSystem</c>). We hold
/// no EPSG database: each entry here is one a real dataset in use needed, with its datum shift to WGS 84
/// (metre-level accuracy; the grids that reach centimetres are not bundled). Compound CRSs map to their
/// horizontal part; their heights are used as they are.
/// </summary>
internal static class KnownCrs
{
    private static readonly Dictionary<int, string> Wkt = new()
    {
        // Amersfoort / RD New (the Netherlands), with the Bursa-Wolf shift PROJ uses for EPSG:28992.
        [28992] = """PROJCS["Amersfoort / RD New",GEOGCS["Amersfoort",DATUM["Amersfoort",SPHEROID["Bessel 1841",6377397.155,299.1528128],TOWGS84[565.2369,50.0087,465.658,-0.406857,0.350733,-1.87035,4.0812]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Oblique_Stereographic"],PARAMETER["latitude_of_origin",52.1561605555556],PARAMETER["central_meridian",5.38763888888889],PARAMETER["scale_factor",0.9999079],PARAMETER["false_easting",155000],PARAMETER["false_northing",463000],UNIT["metre",1]]""",

        // CH1903+ / LV95 (Switzerland).
        [2056] = """PROJCS["CH1903+ / LV95",GEOGCS["CH1903+",DATUM["CH1903+",SPHEROID["Bessel 1841",6377397.155,299.1528128],TOWGS84[674.374,15.056,405.346,0,0,0,0]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Hotine_Oblique_Mercator_Azimuth_Center"],PARAMETER["latitude_of_center",46.9524055555556],PARAMETER["longitude_of_center",7.43958333333333],PARAMETER["azimuth",90],PARAMETER["rectified_grid_angle",90],PARAMETER["scale_factor",1],PARAMETER["false_easting",2600000],PARAMETER["false_northing",1200000],UNIT["metre",1]]""",
    };

    /// <summary>Compound CRSs (horizontal + vertical) and their horizontal part.</summary>
    private static readonly Dictionary<int, (int Horizontal, string Name)> Compound = new()
    {
        [7415] = (28992, "Amersfoort / RD New + NAP height"),
    };

    /// <summary>The WKT of EPSG:<paramref name="code"/>'s horizontal CRS, and a name for messages; false when unknown.</summary>
    public static bool TryGet(int code, out string wkt, out string name)
    {
        name = $"EPSG:{code}";
        if (Compound.TryGetValue(code, out var compound))
        {
            name = $"EPSG:{code} ({compound.Name})";
            code = compound.Horizontal;
        }

        return Wkt.TryGetValue(code, out wkt!);
    }

    /// <summary>Codes this table knows, for messages.</summary>
    public static IEnumerable<int> Codes => Wkt.Keys.Concat(Compound.Keys).Order();
}
