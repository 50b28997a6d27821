using System.Text.Json.Nodes;
using TwinCity.Importers.Errors;
using TwinCity.Importers.Geodesy;
using TwinCity.Importers.Sources;
using TwinCity.Importers.Tests.Tiles;
using TwinCity.Models.Entities;

namespace TwinCity.Importers.Tests.Sources;

/// <summary>glTF samples placed as landmarks by a georeference the planner gives.</summary>
public sealed class GltfLandmarkReaderTests : IDisposable
{
    private static readonly LandmarkPlacement CasinoSquare = new(7.4281, 43.7396);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("twincity-gltf-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void A_one_metre_box_becomes_a_one_square_metre_landmark_where_it_was_placed()
    {
        var read = GltfLandmarkReader.Read(DataFolder.GetPath("gltf/BoxTextured.glb"), CasinoSquare);

        var box = Assert.Single(read.Buildings);
        Assert.Equal("gltf:BoxTextured", box.Id);
        var frame = new LocalFrame(new GeoOrigin(CasinoSquare.Latitude, CasinoSquare.Longitude, 0));
        var footprint = frame.ToLocal(box.Footprint);
        Assert.Equal(1.0, footprint.Area, 0.01);
        Assert.Equal(0, footprint.Centroid.X, 0.01);
        Assert.Equal(0, footprint.Centroid.Y, 0.01);
        Assert.Equal(1.0, box.Surfaces!.SelectMany(s => s.Coordinates).Max(c => c.Z), 0.001);
    }

    [Fact]
    public void Scale_and_heading_turn_and_grow_the_model()
    {
        var placed = GltfLandmarkReader.Read(DataFolder.GetPath("gltf/BoxTextured.glb"), CasinoSquare with { Scale = 10, Heading = 45 }).Buildings[0];
        var frame = new LocalFrame(new GeoOrigin(CasinoSquare.Latitude, CasinoSquare.Longitude, 0));
        var footprint = frame.ToLocal(placed.Footprint);

        Assert.Equal(100, footprint.Area, 0.5);
        // A 10 m square turned 45° spans its diagonal, 14.1 m, east to west.
        Assert.Equal(10 * Math.Sqrt(2), footprint.EnvelopeInternal.Width, 0.05);
    }

    [Fact]
    public async Task A_placed_Duck_imports_into_a_tile_that_passes_the_glTF_validator()
    {
        using var blobs = new TempBlobFolder();
        var city = await new CityImporter(new CityImportSettings { Placement = CasinoSquare }).ImportAsync(DataFolder.GetPath("gltf/Duck.glb"), blobs.Store, "city");

        var duck = Assert.Single(city.Buildings);
        Assert.Equal("gltf:Duck", duck.Id);
        Assert.InRange(duck.Height, 1, 200);
        var reports = await GltfValidatorTests.ValidateAsync([.. city.Tiles.Select(t => Path.Combine(blobs.Root, "city", t.Content))]);
        Assert.All(reports, r => Assert.Equal(0, r.GetProperty("errors").GetInt32()));
    }

    [Fact]
    public void A_model_without_a_placement_is_refused_saying_how_to_place_it()
    {
        var error = Assert.Throws<ImportException>(() => GltfLandmarkReader.Read(DataFolder.GetPath("gltf/Duck.glb"), null));

        Assert.StartsWith("Duck.glb:", error.Message);
        Assert.Contains("--at lon,lat", error.Message);
    }

    [Theory]
    [InlineData("../secret.bin")]
    [InlineData("/etc/hostname")]
    [InlineData("secret.bin")]
    public void External_resources_are_never_followed(string uri)
    {
        // A real model (the Duck's JSON) whose buffer now points outside itself; the target even exists.
        File.WriteAllBytes(Path.Combine(_dir.FullName, "secret.bin"), new byte[1024]);
        var inner = Directory.CreateDirectory(Path.Combine(_dir.FullName, "models"));
        File.WriteAllBytes(Path.Combine(inner.FullName, "secret.bin"), new byte[1024]);
        var json = JsonNode.Parse(GlbJson(File.ReadAllBytes(DataFolder.GetPath("gltf/Duck.glb"))))!;
        json["buffers"]![0]!["uri"] = uri;
        var path = Path.Combine(inner.FullName, "duck.gltf");
        File.WriteAllText(path, json.ToJsonString());

        var error = Assert.Throws<ImportException>(() => GltfLandmarkReader.Read(path, CasinoSquare));

        Assert.StartsWith("duck.gltf:", error.Message);
        Assert.Contains(uri, error.Message);
    }

    [Fact]
    public void A_truncated_GLB_is_refused()
    {
        var bytes = File.ReadAllBytes(DataFolder.GetPath("gltf/Duck.glb"));
        var path = Path.Combine(_dir.FullName, "cut.glb");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<ImportException>(() => GltfLandmarkReader.Read(path, CasinoSquare));

        Assert.StartsWith("cut.glb: not a valid glTF model", error.Message);
    }

    private static string GlbJson(byte[] glb)
    {
        var length = BitConverter.ToInt32(glb, 12);
        return System.Text.Encoding.UTF8.GetString(glb, 20, length);
    }
}
