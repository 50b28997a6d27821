using System.Globalization;
using System.Text.Json.Nodes;
using TwinCity.Importers.Errors;
using TwinCity.Importers.Sources;
using TwinCity.Importers.Tests.Tiles;

namespace TwinCity.Importers.Tests.Sources;

/// <summary>CityJSON LoD2 buildings from The Hague (2.0, EPSG:7415), the 3DBAG (2.0) and Zürich (1.1, EPSG:2056).</summary>
public sealed class CityJsonBuildingReaderTests : IDisposable
{
    private static readonly SourceReadResult DenHaag = CityJsonBuildingReader.Read(DataFolder.GetPath("cityjson/DenHaag_01.city.json"));
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("twincity-cityjson-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Every_Hague_building_is_read_with_its_parts_surfaces_and_a_stable_id()
    {
        Assert.Equal(844, DenHaag.Buildings.Count + DenHaag.Skipped.Count);
        Assert.True(DenHaag.Buildings.Count >= 840, $"{DenHaag.Skipped.Count} skipped: {string.Join(" | ", DenHaag.Skipped.Take(3))}");
        Assert.All(DenHaag.Buildings, b => Assert.StartsWith("cityjson:", b.Id));
        Assert.All(DenHaag.Buildings, b => Assert.NotEmpty(b.Surfaces!));
        Assert.Contains("Amersfoort / RD New + NAP", DenHaag.Crs);
    }

    [Fact]
    public void The_Hague_lands_in_The_Hague()
    {
        var centre = DenHaag.Buildings[0].Footprint.Centroid;

        Assert.InRange(centre.X, 4.2, 4.4);
        Assert.InRange(centre.Y, 52.0, 52.15);
    }

    [Fact]
    public void LoD2_roofs_keep_their_shape()
    {
        // A pitched or stepped roof has roof points at more than one height; extrusion would give one.
        var multiLevel = DenHaag.Buildings.Count(b => b.Surfaces!.SelectMany(s => s.Coordinates).Select(c => Math.Round(c.Z, 1)).Distinct().Count() > 2);

        Assert.True(multiLevel > DenHaag.Buildings.Count / 2, $"only {multiLevel} buildings have more than two distinct heights");
    }

    [Fact]
    public void Heights_agree_with_the_3DBAG_attributes_of_the_same_building()
    {
        var read = CityJsonBuildingReader.Read(DataFolder.GetPath("cityjson/3dbag_b2.city.json"));

        Assert.Equal(2, read.Buildings.Count);
        foreach (var building in read.Buildings)
        {
            // The 3DBAG measures roofs from the point cloud: the model's planes sit between the 70th
            // percentile and the highest point, and its floor on the measured ground level (NAP metres).
            var z = building.Surfaces!.SelectMany(s => s.Coordinates).Select(c => c.Z).ToArray();
            double Attribute(string name) => double.Parse(building.Tags[name], CultureInfo.InvariantCulture);
            Assert.InRange(z.Max(), Attribute("b3_h_dak_70p") - 0.5, Attribute("b3_h_dak_max") + 0.5);
            Assert.Equal(Attribute("b3_h_maaiveld"), z.Min(), 0.5);
        }
    }

    [Fact]
    public void Zurich_in_Swiss_LV95_lands_in_Zurich()
    {
        var read = CityJsonBuildingReader.Read(DataFolder.GetPath("cityjson/zurich_subset_lod2.city.json"));
        var centre = read.Buildings[0].Footprint.Centroid;

        Assert.Equal(49, read.Buildings.Count + read.Skipped.Count);
        Assert.InRange(centre.X, 8.45, 8.65);
        Assert.InRange(centre.Y, 47.3, 47.45);
    }

    [Fact]
    public void A_CRS_we_do_not_know_is_refused_naming_it()
    {
        var json = JsonNode.Parse(File.ReadAllText(DataFolder.GetPath("cityjson/3dbag_b2.city.json")))!;
        json["metadata"]!["referenceSystem"] = "https://www.opengis.net/def/crs/EPSG/0/3035";
        var path = Path.Combine(_dir.FullName, "laea.city.json");
        File.WriteAllText(path, json.ToJsonString());

        var error = Assert.Throws<CrsException>(() => CityJsonBuildingReader.Read(path));

        Assert.Contains("EPSG:3035", error.Message);
        Assert.StartsWith("laea.city.json:", error.Message);
    }

    [Fact]
    public void A_vertex_index_out_of_range_skips_that_building_with_the_reason()
    {
        var json = JsonNode.Parse(File.ReadAllText(DataFolder.GetPath("cityjson/3dbag_b2.city.json")))!;
        var part = json["CityObjects"]!.AsObject().First(o => o.Value!["type"]!.GetValue<string>() == "BuildingPart");
        var parent = part.Value!["parents"]![0]!.GetValue<string>();
        part.Value["geometry"]![0]!["boundaries"]![0]![0]![0]![0] = 999_999;
        var path = Path.Combine(_dir.FullName, "broken.city.json");
        File.WriteAllText(path, json.ToJsonString());

        var read = CityJsonBuildingReader.Read(path);

        Assert.Single(read.Buildings);
        Assert.Contains(read.Skipped, s => s.StartsWith($"broken.city.json cityjson:{parent}: vertex index 999999 is outside", StringComparison.Ordinal));
    }

    [Fact]
    public void Deeply_nested_or_truncated_CityJSON_is_rejected_naming_the_file()
    {
        var text = File.ReadAllText(DataFolder.GetPath("cityjson/3dbag_b2.city.json"));
        var cut = Path.Combine(_dir.FullName, "cut.city.json");
        File.WriteAllText(cut, text[..(text.Length / 2)]);
        var deep = Path.Combine(_dir.FullName, "deep.city.json");
        File.WriteAllText(deep, "{\"type\":\"CityJSON\",\"x\":" + new string('[', 5000) + new string(']', 5000) + "}");

        Assert.StartsWith("cut.city.json line ", Assert.Throws<ImportException>(() => CityJsonBuildingReader.Read(cut)).Message);
        Assert.StartsWith("deep.city.json", Assert.Throws<ImportException>(() => CityJsonBuildingReader.Read(deep)).Message);
    }

    [Fact]
    public async Task Imported_Hague_tiles_carry_the_real_roofs()
    {
        using var blobs = new TempBlobFolder();
        var city = await new CityImporter(new CityImportSettings()).ImportAsync(DataFolder.GetPath("cityjson/DenHaag_01.city.json"), blobs.Store, "city");

        Assert.Equal(DenHaag.Buildings.Count, city.Buildings.Count);
        Assert.All(city.Buildings, b => Assert.False(b.HeightEstimated));
        var tile = city.Tiles.MaxBy(t => t.FeatureCount)!;
        var glb = new GlbReader(File.ReadAllBytes(Path.Combine(blobs.Root, "city", tile.Content)));
        var positions = glb.ReadPositions();
        var ids = glb.ReadFeatureIds();
        var levels = ids.Select((id, v) => (id, y: Math.Round(positions[(v * 3) + 1], 1))).Distinct().GroupBy(p => p.id).Count(g => g.Count() > 2);
        Assert.True(levels > tile.FeatureCount / 2, $"only {levels} of {tile.FeatureCount} buildings have vertices at more than two heights: roofs look flat");
    }
}
