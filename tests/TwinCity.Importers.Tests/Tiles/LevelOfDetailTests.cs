using System.Text.Json;
using TwinCity.Importers.Buildings;
using TwinCity.Importers.Geodesy;
using TwinCity.Importers.Osm;
using TwinCity.Importers.Sources;
using TwinCity.Importers.Tiles;
using TwinCity.Models.Entities;
using TwinCity.Models.Storage;

namespace TwinCity.Importers.Tests.Tiles;

/// <summary>
/// Levels of detail by addition on real Monaco footprints, tiled small enough (split above 200, 50
/// per inner node) to get a tree several levels deep.
/// </summary>
public sealed class LevelOfDetailTests : IClassFixture<LevelOfDetailTests.SmallTiles>
{
    private const string Prefix = "cities/lod";
    private static readonly TilingSettings Tiling = new() { SplitAboveFeatures = 200, LodFeaturesPerNode = 50 };
    private readonly SmallTiles _import;

    public LevelOfDetailTests(SmallTiles import) => _import = import;

    [Fact]
    public void Inner_nodes_hold_their_squares_most_prominent_buildings_and_every_building_is_in_exactly_one_tile()
    {
        var read = OsmPbfReader.Read(DataFolder.GetPath("osm/monaco-latest.osm.pbf"));
        var frame = new LocalFrame(new GeoOrigin(43.735, 7.42, 0));
        var heights = new BuildingHeights(new HeightSettings());
        var buildings = read.Buildings.Select(b => new ImportedBuilding(b.Id, new LocalFootprint(b.Footprint, frame), heights.Resolve(b.Tags), b.Tags)).ToArray();

        var tree = new CityTiler(Tiling).Plan(buildings);

        Assert.Equal(buildings.Select(b => b.Id).Order(), tree.Tiles.SelectMany(t => t.Buildings).Select(b => b.Id).Order());
        var inner = 0;
        Walk(tree.Root, node =>
        {
            if (node.Children.Count == 0)
            {
                Assert.NotNull(node.Content);
                Assert.Equal(0, node.GeometricError);
                return;
            }

            var below = Below(node).ToArray();
            Assert.Equal(below.Max(CityTiler.Size), node.GeometricError);
            if (node.Content is { } own)
            {
                inner++;
                Assert.Equal(Tiling.LodFeaturesPerNode, own.Buildings.Count);
                Assert.All(own.Buildings, b => Assert.True(CityTiler.Size(b) >= node.GeometricError, $"{b.Id} in {own.Id} is smaller than a building left to its children"));
            }
        });
        Assert.True(inner >= 3, $"only {inner} inner nodes with content");
    }

    [Fact]
    public void Tileset_lists_every_tile_once_with_geometric_error_never_growing_downward()
    {
        using var json = JsonDocument.Parse(_import.Blobs.Read($"{Prefix}/tileset.json"));
        var tileset = json.RootElement;
        Assert.Equal("1.1", tileset.GetProperty("asset").GetProperty("version").GetString());
        var root = tileset.GetProperty("root");
        Assert.Equal("ADD", root.GetProperty("refine").GetString());
        var uris = new List<string>();
        var innerWithContent = 0;
        Collect(root, tileset.GetProperty("geometricError").GetDouble(), uris, ref innerWithContent);

        Assert.Equal(_import.City.Tiles.Select(t => t.Content), uris);
        Assert.True(innerWithContent >= 3, $"only {innerWithContent} inner nodes with content");
        Assert.Equal(_import.City.Buildings.Count, _import.City.Tiles.Sum(t => t.FeatureCount));
        Assert.Equal(_import.City.Buildings.Count, _import.City.Buildings.Select(b => (b.TileId, b.FeatureIndex)).Distinct().Count());
    }

    [Fact]
    public void Each_tile_glb_names_exactly_the_buildings_the_catalogue_puts_in_it()
    {
        var seen = new List<string>();
        foreach (var tile in _import.City.Tiles)
        {
            var glb = new GlbReader(_import.Blobs.Read($"{Prefix}/{tile.Content}"));
            var table = glb.Json.GetProperty("extensions").GetProperty("EXT_structural_metadata").GetProperty("propertyTables")[0];
            var id = table.GetProperty("properties").GetProperty("id");
            var ids = glb.ReadStrings(id.GetProperty("values").GetInt32(), id.GetProperty("stringOffsets").GetInt32(), table.GetProperty("count").GetInt32());
            Assert.Equal(_import.City.Buildings.Where(b => b.TileId == tile.Id).OrderBy(b => b.FeatureIndex).Select(b => b.Id), ids);
            Assert.Equal(Enumerable.Range(0, tile.FeatureCount), glb.ReadFeatureIds().Distinct().Order());
            seen.AddRange(ids);
        }

        Assert.Equal(_import.City.Buildings.Select(b => b.Id).Order(), seen.Order());
    }

    private static void Collect(JsonElement node, double parentError, List<string> uris, ref int innerWithContent)
    {
        var error = node.GetProperty("geometricError").GetDouble();
        Assert.InRange(error, 0, parentError);
        var hasChildren = node.TryGetProperty("children", out var children);
        var box = node.GetProperty("boundingVolume").GetProperty("box");
        Assert.Equal(12, box.GetArrayLength());
        if (node.TryGetProperty("content", out var content))
        {
            uris.Add(content.GetProperty("uri").GetString()!);
            innerWithContent += hasChildren ? 1 : 0;
        }
        else
        {
            Assert.True(hasChildren, "a node without content has children");
        }

        if (!hasChildren)
        {
            Assert.Equal(0, error);
            return;
        }

        Assert.True(error > 0, "an inner node leaves buildings to its children");
        foreach (var child in children.EnumerateArray())
        {
            Collect(child, error, uris, ref innerWithContent);
        }
    }

    private static void Walk(TileNode node, Action<TileNode> visit)
    {
        visit(node);
        foreach (var child in node.Children)
        {
            Walk(child, visit);
        }
    }

    private static IEnumerable<ImportedBuilding> Below(TileNode node) =>
        node.Children.SelectMany(c => (c.Content?.Buildings ?? []).Concat(Below(c)));

    /// <summary>Imports Monaco once with small tiles.</summary>
    public sealed class SmallTiles : IAsyncLifetime
    {
        public TempBlobFolder Blobs { get; } = new();

        public ImportedCity City { get; private set; } = null!;

        public async Task InitializeAsync() =>
            City = await new CityImporter(new CityImportSettings { Tiling = Tiling }).ImportAsync(DataFolder.GetPath("osm/monaco-latest.osm.pbf"), Blobs.Store, Prefix);

        public Task DisposeAsync()
        {
            Blobs.Dispose();
            return Task.CompletedTask;
        }
    }
}
