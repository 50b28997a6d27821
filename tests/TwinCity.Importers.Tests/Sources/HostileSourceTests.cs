using System.Text;
using System.Text.Json.Nodes;
using TwinCity.Importers.Errors;
using TwinCity.Importers.Sources;

namespace TwinCity.Importers.Tests.Sources;

/// <summary>Broken, lying and hostile GIS files, each made from a real one: a clear error or a reported repair, never a silent change.</summary>
public sealed class HostileSourceTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("twincity-hostile-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Copy(string relative, string? name = null)
    {
        var target = Path.Combine(_dir.FullName, name ?? Path.GetFileName(relative));
        File.Copy(DataFolder.GetPath(relative), target);
        return target;
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    private string CopyShapefile(bool withPrj)
    {
        foreach (var ext in withPrj ? new[] { ".shp", ".shx", ".dbf", ".prj", ".cpg" } : [".shp", ".shx", ".dbf", ".cpg"])
        {
            Copy("derived/monaco-buildings-utm32n/monaco_buildings_utm32n" + ext);
        }

        return Path.Combine(_dir.FullName, "monaco_buildings_utm32n.shp");
    }

    [Fact]
    public void Truncated_GeoJSON_is_rejected_naming_file_and_line()
    {
        var text = File.ReadAllText(DataFolder.GetPath("derived/monaco-buildings.geojson"));
        var path = Write("cut.geojson", text[..(text.Length / 2)]);

        var error = Assert.Throws<ImportException>(() => GeoJsonBuildingReader.Read(path));

        Assert.StartsWith("cut.geojson line ", error.Message);
    }

    [Fact]
    public void Deeply_nested_GeoJSON_is_rejected_without_exhausting_the_stack()
    {
        var path = Write("deep.geojson", "{\"type\":\"FeatureCollection\",\"features\":" + new string('[', 100_000) + new string(']', 100_000) + "}");

        var error = Assert.Throws<ImportException>(() => GeoJsonBuildingReader.Read(path));

        Assert.Contains("depth", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void GeoJSON_declaring_another_CRS_is_rejected_naming_it()
    {
        var json = JsonNode.Parse(File.ReadAllText(DataFolder.GetPath("derived/monaco-substations.geojson")))!;
        json["crs"] = JsonNode.Parse("""{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}}""");
        var path = Write("lambert.geojson", json.ToJsonString());

        var error = Assert.Throws<CrsException>(() => GeoJsonBuildingReader.Read(path));

        Assert.Contains("EPSG::2154", error.Message);
    }

    [Fact]
    public void Projected_coordinates_in_a_GeoJSON_are_skipped_as_out_of_range_with_the_feature_id()
    {
        var json = JsonNode.Parse(File.ReadAllText(DataFolder.GetPath("derived/monaco-substations.geojson")))!;
        var polygon = json["features"]!.AsArray().First(f => f!["geometry"]!["type"]!.GetValue<string>() == "MultiPolygon")!;
        foreach (var point in polygon["geometry"]!["coordinates"]![0]![0]!.AsArray())
        {
            point![0] = point[0]!.GetValue<double>() * 50_000;
            point[1] = point[1]!.GetValue<double>() * 100_000;
        }

        var path = Write("utm-as-wgs84.geojson", json.ToJsonString());

        var read = GeoJsonBuildingReader.Read(path);

        Assert.Empty(read.Buildings);
        Assert.Contains(read.Skipped, s => s.StartsWith("utm-as-wgs84.geojson osm:way/686864062: coordinates", StringComparison.Ordinal) && s.Contains("outside WGS 84"));
        Assert.Contains(read.Skipped, s => s.Contains("osm:node/6459866604: geometry is a Point, not a polygon"));
    }

    [Fact]
    public void Self_intersecting_footprint_is_repaired_and_the_repair_reported()
    {
        var json = JsonNode.Parse(File.ReadAllText(DataFolder.GetPath("derived/monaco-buildings.geojson")))!;
        var feature = json["features"]!.AsArray().First(f => f!["geometry"]!["coordinates"]![0]![0]!.AsArray().Count >= 6)!;
        var ring = feature["geometry"]!["coordinates"]![0]![0]!.AsArray();
        // Swap two vertices: a bow-tie, the classic digitising mistake.
        (ring[1], ring[2]) = (ring[2]!.DeepClone(), ring[1]!.DeepClone());
        var id = $"osm:{feature["properties"]!["@type"]}/{feature["properties"]!["@id"]}";
        var path = Write("bowtie.geojson", json.ToJsonString());

        var read = GeoJsonBuildingReader.Read(path);

        Assert.Contains(read.Buildings, b => b.Id == id && b.Footprint.IsValid);
        Assert.Contains(read.Repaired, r => r.StartsWith($"bowtie.geojson {id}: footprint was invalid", StringComparison.Ordinal));
    }

    [Fact]
    public void Footprint_with_a_huge_coordinate_array_is_skipped_naming_the_feature()
    {
        var json = JsonNode.Parse(File.ReadAllText(DataFolder.GetPath("derived/monaco-buildings.geojson")))!;
        var feature = json["features"]![0]!;
        var ring = feature["geometry"]!["coordinates"]![0]![0]!.AsArray();
        var (x, y) = (ring[0]![0]!.GetValue<double>(), ring[0]![1]!.GetValue<double>());
        var huge = new JsonArray();
        for (var i = 0; i < 250_000; i++)
        {
            var angle = 2 * Math.PI * i / 250_000;
            huge.Add(new JsonArray(x + (1e-4 * Math.Cos(angle)), y + (1e-4 * Math.Sin(angle))));
        }

        huge.Add(huge[0]!.DeepClone());
        feature["geometry"]!["coordinates"]![0]![0] = huge;
        var id = $"osm:{feature["properties"]!["@type"]}/{feature["properties"]!["@id"]}";
        var path = Write("huge.geojson", json.ToJsonString());

        var read = GeoJsonBuildingReader.Read(path);

        Assert.DoesNotContain(read.Buildings, b => b.Id == id);
        Assert.Contains(read.Skipped, s => s.StartsWith($"huge.geojson {id}: footprint has 250001 vertices", StringComparison.Ordinal));
        Assert.Equal(1622, read.Buildings.Count);
    }

    [Fact]
    public void Shapefile_whose_dbf_claims_more_records_than_it_holds_is_rejected()
    {
        var path = CopyShapefile(withPrj: true);
        var dbf = Path.ChangeExtension(path, ".dbf");
        var bytes = File.ReadAllBytes(dbf);
        // dBASE header bytes 4..7: the record count, little-endian.
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), 1_000_000);
        File.WriteAllBytes(dbf, bytes);

        var error = Assert.ThrowsAny<ImportException>(() => ShapefileBuildingReader.Read(path));

        Assert.StartsWith("monaco_buildings_utm32n.shp", error.Message);
    }

    [Fact]
    public void Bit_flipped_GeoPackage_is_rejected_or_its_damaged_features_reported()
    {
        var path = Copy("derived/monaco.gpkg");
        var bytes = File.ReadAllBytes(path);
        for (var i = bytes.Length / 2; i < (bytes.Length / 2) + 4096; i += 7)
        {
            bytes[i] ^= 0xA5;
        }

        File.WriteAllBytes(path, bytes);

        try
        {
            var read = GeoPackageBuildingReader.Read(path);
            // SQLite may read past damage in pages it never visits; what it does read must be accounted for.
            Assert.Equal(1623, read.Buildings.Count + read.Skipped.Count);
        }
        catch (ImportException error)
        {
            Assert.StartsWith("monaco.gpkg:", error.Message);
        }
    }

    [Fact]
    public void Shapefile_without_prj_is_rejected_unless_a_CRS_is_given()
    {
        var path = CopyShapefile(withPrj: false);

        var error = Assert.Throws<CrsException>(() => ShapefileBuildingReader.Read(path));
        var read = ShapefileBuildingReader.Read(path, crs: "EPSG:32632");

        Assert.Contains("monaco_buildings_utm32n.prj", error.Message);
        Assert.Contains("--crs", error.Message);
        Assert.NotEmpty(read.Buildings);
    }

    [Fact]
    public void Shapefile_in_a_CRS_we_cannot_transform_is_rejected_naming_the_CRS()
    {
        var path = CopyShapefile(withPrj: true);
        var prj = Path.ChangeExtension(path, ".prj");
        File.WriteAllText(prj, File.ReadAllText(prj).Replace("WGS_1984_UTM_Zone_32N", "Atlantis_Grid", StringComparison.Ordinal).Replace("Transverse_Mercator", "Atlantean_Projection", StringComparison.Ordinal));

        var error = Assert.Throws<CrsException>(() => ShapefileBuildingReader.Read(path));

        Assert.StartsWith("monaco_buildings_utm32n.prj:", error.Message);
        Assert.Contains("Atlantis_Grid", error.Message);
    }

    [Fact]
    public void Shapefile_with_a_truncated_shp_is_rejected()
    {
        var path = CopyShapefile(withPrj: true);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);

        var error = Assert.ThrowsAny<ImportException>(() => ShapefileBuildingReader.Read(path));

        Assert.StartsWith("monaco_buildings_utm32n.shp", error.Message);
    }

    [Fact]
    public void Truncated_GeoPackage_is_rejected()
    {
        var path = Copy("derived/monaco.gpkg");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 4)]);

        var error = Assert.ThrowsAny<ImportException>(() => GeoPackageBuildingReader.Read(path));

        Assert.StartsWith("monaco.gpkg:", error.Message);
    }

    [Fact]
    public void GeoPackage_layer_that_does_not_exist_is_rejected_listing_the_layers()
    {
        var error = Assert.Throws<ImportException>(() => GeoPackageBuildingReader.Read(DataFolder.GetPath("derived/monaco.gpkg"), layer: "parks"));

        Assert.Contains("no feature layer \"parks\"", error.Message);
        Assert.Contains("buildings", error.Message);
    }

    [Fact]
    public void Text_file_is_not_a_GeoPackage()
    {
        var path = Write("notes.gpkg", new string('x', 4096));

        var error = Assert.Throws<ImportException>(() => GeoPackageBuildingReader.Read(path));

        Assert.StartsWith("notes.gpkg: not a readable GeoPackage", error.Message);
    }

    [Fact]
    public void Unknown_extension_is_rejected_listing_the_formats()
    {
        var error = Assert.Throws<ImportException>(() => SourceFormats.Detect("traffic.csv"));

        Assert.Contains("GeoPackage (.gpkg)", error.Message);
        Assert.StartsWith("traffic.csv: unknown format", error.Message);
    }
}
