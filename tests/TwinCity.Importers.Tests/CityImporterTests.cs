using System.Text.Json;
using TwinCity.Importers.Errors;
using TwinCity.Importers.Sources;
using TwinCity.Importers.Tests.Tiles;
using TwinCity.Models.Storage;

namespace TwinCity.Importers.Tests;

/// <summary>The whole pipeline on the real Monaco extract, imported once for the class.</summary>
public sealed class CityImporterTests : IClassFixture<CityImporterTests.MonacoImport>
{
    private const string Prefix = "cities/1";
    private readonly MonacoImport _monaco;

    public CityImporterTests(MonacoImport monaco) => _monaco = monaco;

    [Fact]
    public void City_is_named_after_its_file_and_carries_the_OSM_licence()
    {
        var city = _monaco.City;

        Assert.Equal("Monaco", city.Name);
        Assert.Equal("ODbL-1.0", city.Provenance.Licence);
        Assert.Contains("OpenStreetMap contributors", city.Provenance.Attribution);
        Assert.Equal("monaco-latest.osm.pbf", city.Provenance.Source);
        Assert.NotEmpty(city.Provenance.Steps);
    }

    [Fact]
    public void Every_read_building_is_imported_or_skipped_with_a_reason()
    {
        var report = _monaco.City.Report;

        Assert.Equal(report.FeaturesRead, report.Imported + report.Skipped.Count);
        Assert.Equal(_monaco.City.Buildings.Count, report.Imported);
        Assert.All(report.Skipped, s => Assert.Contains("osm:", s));
    }

    [Fact]
    public void Origin_lies_inside_Monaco()
    {
        Assert.InRange(_monaco.City.Origin.Latitude, 43.72, 43.76);
        Assert.InRange(_monaco.City.Origin.Longitude, 7.40, 7.44);
    }

    [Fact]
    public void Each_building_has_a_unique_feature_index_inside_its_tile()
    {
        var city = _monaco.City;
        foreach (var tile in city.Tiles)
        {
            var indexes = city.Buildings.Where(b => b.TileId == tile.Id).Select(b => b.FeatureIndex).Order().ToArray();
            Assert.Equal(Enumerable.Range(0, tile.FeatureCount), indexes);
        }

        Assert.Equal(city.Buildings.Count, city.Tiles.Sum(t => t.FeatureCount));
        Assert.Equal(city.Buildings.Count, city.Buildings.Select(b => b.Id).Distinct().Count());
    }

    [Fact]
    public void Buildings_sit_inside_their_tile_bounds()
    {
        var tiles = _monaco.City.Tiles.ToDictionary(t => t.Id);
        Assert.All(_monaco.City.Buildings, b => Assert.True(b.FootprintArea > 0, $"{b.Id} has no area"));
        foreach (var tile in tiles.Values)
        {
            Assert.True(tile.MaxX > tile.MinX && tile.MaxY > tile.MinY, $"tile {tile.Id} is empty");
        }
    }

    [Fact]
    public void Height_tag_is_kept_and_missing_heights_are_flagged_as_estimated()
    {
        var withHeight = _monaco.City.Buildings.Where(b => b.Attributes.ContainsKey("height")).ToArray();
        var withNothing = _monaco.City.Buildings.Where(b => !b.Attributes.ContainsKey("height") && !b.Attributes.ContainsKey("building:levels")).ToArray();

        Assert.NotEmpty(withHeight);
        Assert.Contains(withHeight, b => !b.HeightEstimated && b.Height == double.Parse(b.Attributes["height"].TrimEnd('m', ' '), System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotEmpty(withNothing);
        Assert.All(withNothing, b => Assert.True(b.HeightEstimated, $"{b.Id} should be estimated"));
    }

    [Fact]
    public void Each_tile_is_one_primitive_whose_feature_ids_cover_every_building()
    {
        foreach (var tile in _monaco.City.Tiles)
        {
            var glb = new GlbReader(_monaco.Blobs.Read($"{Prefix}/{tile.Content}"));
            Assert.Single(glb.Json.GetProperty("meshes").EnumerateArray());
            Assert.Single(glb.Json.GetProperty("meshes")[0].GetProperty("primitives").EnumerateArray());

            var ids = glb.ReadFeatureIds();
            Assert.Equal(Enumerable.Range(0, tile.FeatureCount), ids.Distinct().Order());

            var features = glb.Primitive.GetProperty("extensions").GetProperty("EXT_mesh_features").GetProperty("featureIds")[0];
            Assert.Equal(tile.FeatureCount, features.GetProperty("featureCount").GetInt32());
            Assert.Equal(0, features.GetProperty("attribute").GetInt32());
        }
    }

    [Fact]
    public void Monaco_tiles_weigh_at_most_300_bytes_per_building()
    {
        // Deterministic: a size, not a time. int16 positions + uint16 feature id (8 B per vertex),
        // 16-bit indices, the id strings and heights; pg2b3dm publishes about 950 B per building.
        var bytes = _monaco.City.Tiles.Sum(t => (long)_monaco.Blobs.Read($"{Prefix}/{t.Content}").Length);

        Assert.InRange((double)bytes / _monaco.City.Buildings.Count, 1, 300);
    }

    [Fact]
    public void Property_table_names_each_feature_by_its_entity_id()
    {
        var tile = _monaco.City.Tiles.MaxBy(t => t.FeatureCount)!;
        var glb = new GlbReader(_monaco.Blobs.Read($"{Prefix}/{tile.Content}"));
        var table = glb.Json.GetProperty("extensions").GetProperty("EXT_structural_metadata").GetProperty("propertyTables")[0];
        var id = table.GetProperty("properties").GetProperty("id");

        var ids = glb.ReadStrings(id.GetProperty("values").GetInt32(), id.GetProperty("stringOffsets").GetInt32(), table.GetProperty("count").GetInt32());

        var expected = _monaco.City.Buildings.Where(b => b.TileId == tile.Id).OrderBy(b => b.FeatureIndex).Select(b => b.Id);
        Assert.Equal(expected, ids);
        Assert.Contains("EXT_structural_metadata", glb.Json.GetProperty("extensionsUsed").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("EXT_mesh_features", glb.Json.GetProperty("extensionsUsed").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Roofs_are_at_building_height_and_walls_reach_the_ground()
    {
        var tile = _monaco.City.Tiles.MaxBy(t => t.FeatureCount)!;
        var buildings = _monaco.City.Buildings.Where(b => b.TileId == tile.Id).OrderBy(b => b.FeatureIndex).ToArray();
        var glb = new GlbReader(_monaco.Blobs.Read($"{Prefix}/{tile.Content}"));
        var positions = glb.ReadPositions();
        var ids = glb.ReadFeatureIds();

        var top = new float[buildings.Length];
        var bottom = Enumerable.Repeat(float.MaxValue, buildings.Length).ToArray();
        for (var v = 0; v < ids.Length; v++)
        {
            top[ids[v]] = Math.Max(top[ids[v]], positions[(v * 3) + 1]);
            bottom[ids[v]] = Math.Min(bottom[ids[v]], positions[(v * 3) + 1]);
        }

        for (var i = 0; i < buildings.Length; i++)
        {
            // Quantised to 1/65534 of the tile's height range: centimetres at most.
            Assert.Equal(buildings[i].Height, top[i], 0.02);
            Assert.Equal(buildings[i].MinHeight, bottom[i], 0.02);
        }
    }

    [Fact]
    public void Tileset_is_3D_Tiles_1_1_with_an_ECEF_root_transform_and_one_leaf_per_tile()
    {
        using var json = JsonDocument.Parse(_monaco.Blobs.Read($"{Prefix}/tileset.json"));
        var root = json.RootElement.GetProperty("root");

        Assert.Equal("1.1", json.RootElement.GetProperty("asset").GetProperty("version").GetString());
        var transform = root.GetProperty("transform").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(16, transform.Length);
        // The translation is the origin in ECEF: about one Earth radius from the centre.
        var radius = Math.Sqrt((transform[12] * transform[12]) + (transform[13] * transform[13]) + (transform[14] * transform[14]));
        Assert.InRange(radius, 6_360_000, 6_380_000);
        Assert.NotEmpty(root.GetProperty("children").EnumerateArray());
        var uris = new List<string>();
        CollectContents(root, root.GetProperty("geometricError").GetDouble(), uris);
        Assert.Equal(_monaco.City.Tiles.Select(t => t.Content), uris);
    }

    /// <summary>Content URIs depth first, checking on the way that geometric error never grows downward and content sits in leaves.</summary>
    private static void CollectContents(JsonElement node, double parentError, List<string> uris)
    {
        var error = node.GetProperty("geometricError").GetDouble();
        Assert.InRange(error, 0, parentError);
        var hasChildren = node.TryGetProperty("children", out var children);
        if (node.TryGetProperty("content", out var content))
        {
            Assert.False(hasChildren, "a tile with content is a leaf");
            Assert.Equal(0, error);
            uris.Add(content.GetProperty("uri").GetString()!);
        }

        if (hasChildren)
        {
            foreach (var child in children.EnumerateArray())
            {
                CollectContents(child, error, uris);
            }
        }
    }

    [Fact]
    public async Task A_file_of_unknown_format_is_rejected_by_name_and_writes_nothing()
    {
        using var blobs = new TempBlobFolder();
        var path = DataFolder.GetPath("sensors/koeln-traffic-load_2013-02-11_to_13.csv");

        var error = await Assert.ThrowsAsync<ImportException>(() => new CityImporter(new CityImportSettings()).ImportAsync(path, blobs.Store, Prefix));

        Assert.StartsWith("koeln-traffic-load_2013-02-11_to_13.csv: unknown format", error.Message);
        Assert.Empty(blobs.Files(Prefix));
    }

    [Fact]
    public async Task A_failure_while_writing_tiles_leaves_nothing_behind()
    {
        using var blobs = new TempBlobFolder();
        var failing = new FailingBlobStore(blobs.Store, failOnWrite: 2); // Monaco is one tile: fail on the tileset, after the tile is written

        await Assert.ThrowsAsync<IOException>(() => new CityImporter(new CityImportSettings()).ImportAsync(DataFolder.GetPath("osm/monaco-latest.osm.pbf"), failing, Prefix));

        Assert.Empty(blobs.Files(Prefix));
    }

    [Theory]
    [InlineData("monaco-latest.osm.pbf", "Monaco")]
    [InlineData("saint-barthelemy-2014.osm.pbf", "Saint Barthelemy")]
    [InlineData("/data/cities/koeln.osm.pbf", "Koeln")]
    public void City_name_comes_from_the_file_name(string file, string expected) =>
        Assert.Equal(expected, CityImporter.CityName(file));

    /// <summary>Imports Monaco once into a temporary blob folder.</summary>
    public sealed class MonacoImport : IAsyncLifetime
    {
        public TempBlobFolder Blobs { get; } = new();

        public ImportedCity City { get; private set; } = null!;

        public async Task InitializeAsync() =>
            City = await new CityImporter(new CityImportSettings()).ImportAsync(DataFolder.GetPath("osm/monaco-latest.osm.pbf"), Blobs.Store, Prefix);

        public Task DisposeAsync()
        {
            Blobs.Dispose();
            return Task.CompletedTask;
        }
    }

    /// <summary>Passes writes through until the n-th, which fails like a full disk would.</summary>
    private sealed class FailingBlobStore(IBlobStore inner, int failOnWrite) : IBlobStore
    {
        private int _writes;

        public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _writes) == failOnWrite
                ? throw new IOException($"{name}: no space left on device")
                : inner.WriteAsync(name, content, cancellationToken);

        public Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default) => inner.OpenReadAsync(name, cancellationToken);

        public Task DeleteFolderAsync(string prefix, CancellationToken cancellationToken = default) => inner.DeleteFolderAsync(prefix, cancellationToken);
    }
}
