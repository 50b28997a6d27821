using NetTopologySuite.Algorithm.Distance;
using Xunit.Abstractions;
using TwinCity.Importers.Geodesy;
using TwinCity.Importers.Sources;
using TwinCity.Models.Entities;

namespace TwinCity.Importers.Tests.Sources;

/// <summary>
/// The same 1,623 Monaco buildings in three files GDAL made from one OSM extract: GeoJSON (WGS 84),
/// GeoPackage (WGS 84) and a Shapefile in UTM 32N. Read and reprojected, they must coincide.
/// </summary>
public sealed class FormatAgreementTests(ITestOutputHelper output)
{
    private static readonly SourceReadResult GeoJson = GeoJsonBuildingReader.Read(DataFolder.GetPath("derived/monaco-buildings.geojson"));
    private static readonly SourceReadResult GeoPackage = GeoPackageBuildingReader.Read(DataFolder.GetPath("derived/monaco.gpkg"));
    private static readonly SourceReadResult Shapefile = ShapefileBuildingReader.Read(DataFolder.GetPath("derived/monaco-buildings-utm32n/monaco_buildings_utm32n.shp"));

    public static TheoryData<string> Formats => ["GeoPackage", "Shapefile"];

    [Fact]
    public void Every_format_yields_the_same_buildings_under_their_OSM_ids()
    {
        var ids = GeoJson.Buildings.Select(b => b.Id).ToHashSet();

        Assert.All(GeoJson.Buildings, b => Assert.StartsWith("osm:", b.Id));
        Assert.Equal(ids, GeoPackage.Buildings.Select(b => b.Id).ToHashSet());
        Assert.Equal(ids, Shapefile.Buildings.Select(b => b.Id).ToHashSet());
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Same_building_lands_within_half_a_metre_whatever_the_format(string format)
    {
        var other = format == "Shapefile" ? Shapefile : GeoPackage;
        var reference = GeoJson.Buildings.ToDictionary(b => b.Id);
        var centre = GeoJson.Buildings[0].Footprint.Centroid;
        var frame = new LocalFrame(new GeoOrigin(centre.Y, centre.X, 0));

        var worst = 0.0;
        var worstId = string.Empty;
        foreach (var building in other.Buildings)
        {
            var distance = DiscreteHausdorffDistance.Distance(frame.ToLocal(building.Footprint), frame.ToLocal(reference[building.Id].Footprint));
            if (distance > worst)
            {
                (worst, worstId) = (distance, building.Id);
            }
        }

        output.WriteLine($"{format}: largest Hausdorff distance to the GeoJSON footprint {worst:0.####} m ({worstId})");
        Assert.True(worst <= 0.5, $"{format}: {worstId} lies {worst:0.###} m from its GeoJSON twin");
    }

    [Fact]
    public void Shapefile_CRS_comes_from_its_prj()
    {
        Assert.Contains("UTM", Shapefile.Crs, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("32N", Shapefile.Crs, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Shapefile_short_field_names_still_give_heights()
    {
        var withLevels = Shapefile.Buildings.First(b => b.Tags.ContainsKey("levels"));
        var heights = new Importers.Buildings.BuildingHeights(new Importers.Buildings.HeightSettings());

        Assert.False(heights.Resolve(withLevels.Tags).Estimated);
    }
}
