using System.Text.Json;
using TwinCity.Importers.Errors;
using TwinCity.Importers.Layers;
using TwinCity.Importers.Networks;
using TwinCity.Importers.Sources;
using TwinCity.Importers.Tests.Tiles;
using TwinCity.Models.Entities;
using Xunit.Abstractions;

namespace TwinCity.Importers.Tests.Layers;

/// <summary>Street and utility layers of the real Monaco extract and the Cologne traffic segments, imported once each.</summary>
public sealed class NetworkLayerImportTests(NetworkLayerImportTests.Imports imports, ITestOutputHelper output) : IClassFixture<NetworkLayerImportTests.Imports>
{
    private const string Prefix = "cities/1";

    [Fact]
    public void Monaco_gets_a_street_layer_and_a_utility_layer_holding_every_segment_node_and_edge_once()
    {
        var city = imports.Monaco;
        var networks = OsmNetworkReader.Read(DataFolder.GetPath("osm/monaco-latest.osm.pbf"));
        var streets = city.Layers.Single(l => l.Info.Id == LayerIds.Streets);
        var utilities = city.Layers.Single(l => l.Info.Id == LayerIds.Networks);

        Assert.Equal(networks.Streets.Segments.Select(s => s.Id).Order(), streets.Entities.Select(e => e.Id).Order());
        Assert.Equal(networks.Utilities.Edges.Count + networks.Utilities.Nodes.Count + networks.Utilities.Substations.Count
            - networks.Utilities.Substations.Count(s => networks.Utilities.Nodes.Any(n => n.Id == s.Id)), utilities.Entities.Count);
        Assert.Equal(streets.Entities.Count, streets.Info.FeatureCount);
        Assert.Equal("/city/streets/tileset.json", streets.Info.Tileset);
        Assert.All(streets.Entities, e => Assert.Matches(@"^osm:way/\d+#\d+$", e.Id));
        Assert.All(city.Layers.SelectMany(l => l.Entities), e => Assert.Equal("ODbL-1.0", e.Licence));
        output.WriteLine($"streets: {streets.Entities.Count} segments in {streets.Tiles.Count} tiles; networks: {utilities.Entities.Count} elements in {utilities.Tiles.Count} tiles");
    }

    [Fact]
    public void Every_entity_id_of_the_city_is_unique_across_buildings_streets_and_networks()
    {
        var city = imports.Monaco;

        var ids = city.Buildings.Select(b => b.Id).Concat(city.Layers.SelectMany(l => l.Entities).Select(e => e.Id)).ToList();

        Assert.Empty(ids.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key));
        // Monaco has a substation whose outline is also a building: both are in the twin, under two ids.
        Assert.Contains(city.Layers.SelectMany(l => l.Entities), e => e.Kind == NetworkEntityKinds.Substation && city.Buildings.Any(b => b.Id + "#substation" == e.Id));
    }

    [Fact]
    public void A_segment_keeps_its_source_attributes()
    {
        var networks = OsmNetworkReader.Read(DataFolder.GetPath("osm/monaco-latest.osm.pbf"));
        var source = networks.Streets.Segments.First(s => s.Lanes is not null && s.Name is not null && s.MaxSpeedTag is not null);
        var entity = imports.Monaco.Layers.SelectMany(l => l.Entities).Single(e => e.Id == source.Id);

        Assert.Equal(NetworkEntityKinds.StreetSegment, entity.Kind);
        Assert.Equal(source.Name, entity.Name);
        Assert.Equal(source.Highway, entity.Attributes["highway"]);
        Assert.Equal(source.Lanes!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), entity.Attributes["lanes"]);
        Assert.Equal(source.MaxSpeedTag, entity.Attributes["maxspeed"]);
        Assert.Equal(source.LengthMetres, entity.LengthMetres);
    }

    [Fact]
    public void Layer_tiles_are_prefixed_by_layer_and_their_features_are_numbered_from_zero()
    {
        foreach (var layer in imports.Monaco.Layers)
        {
            Assert.All(layer.Tiles, t => Assert.StartsWith(layer.Info.Id + "/", t.Id));
            Assert.All(layer.Tiles, t => Assert.Equal(layer.Info.Id, t.Layer));
            foreach (var tile in layer.Tiles)
            {
                var indexes = layer.Entities.Where(e => e.TileId == tile.Id).Select(e => e.FeatureIndex).Order();
                Assert.Equal(Enumerable.Range(0, tile.FeatureCount), indexes);
            }
        }
    }

    [Fact]
    public void Layer_tilesets_share_the_buildings_root_transform()
    {
        var buildings = Transform(imports.MonacoBlobs.Read($"{Prefix}/tileset.json"));
        foreach (var layer in new[] { "streets", "networks" })
        {
            Assert.Equal(buildings, Transform(imports.MonacoBlobs.Read($"{Prefix}/{layer}/tileset.json")));
        }
    }

    [Fact]
    public async Task Every_layer_tile_passes_the_Khronos_glTF_validator()
    {
        var files = imports.Monaco.Layers.SelectMany(l => l.Tiles)
            .Concat(imports.Koeln.Layers.SelectMany(l => l.Tiles).Select(t => t with { Id = "koeln" }))
            .Select(t => Path.Combine(t.Id == "koeln" ? imports.KoelnBlobs.Root : imports.MonacoBlobs.Root, Prefix, t.Content)).ToArray();

        // In batches: the validator script exits right after writing, and a piped stdout then loses lines past ~100 files.
        var reports = new List<JsonElement>();
        foreach (var batch in files.Chunk(40))
        {
            reports.AddRange(await GltfValidatorTests.ValidateAsync(batch));
        }

        Assert.Equal(files.Length, reports.Count);
        Assert.All(reports, r => Assert.True(r.GetProperty("errors").GetInt32() == 0, $"{r.GetProperty("file")}: {r.GetProperty("messages")}"));
    }

    [Fact]
    public void Cologne_segments_become_a_street_only_city_with_one_entity_per_identifier_and_the_city_licence()
    {
        var city = imports.Koeln;
        var layer = Assert.Single(city.Layers);

        Assert.Empty(city.Buildings);
        Assert.Equal(108, layer.Entities.Count);
        Assert.Contains(layer.Entities, e => e.Id == "koeln:segment/ST001" && e.Name is { Length: > 0 });
        Assert.Equal("CC-BY-3.0", city.Provenance.Licence);
        Assert.Equal("Quelle: Stadt Köln, Offene Daten Köln, CC BY 3.0", city.Provenance.Attribution);
        Assert.All(layer.Entities, e => Assert.Equal(city.Provenance.Attribution, e.Attribution));
        Assert.InRange(city.Origin.Latitude, 50.8, 51.1);
    }

    [Fact]
    public async Task A_segment_without_an_identifier_is_refused_by_name_and_nothing_is_written()
    {
        var path = Path.Combine(Path.GetTempPath(), $"koeln-bad-{Guid.NewGuid():N}.geojson");
        await File.WriteAllTextAsync(path, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"IDENTIFIER":"ST1"},"geometry":{"type":"LineString","coordinates":[[6.9,50.9],[6.91,50.9]]}},{"type":"Feature","properties":{"NAME":"x"},"geometry":{"type":"LineString","coordinates":[[6.9,50.9],[6.91,50.91]]}}]}""");
        using var blobs = new TempBlobFolder();
        try
        {
            var error = await Assert.ThrowsAsync<FeatureException>(() => new CityImporter(new CityImportSettings()).ImportAsync(path, blobs.Store, Prefix));

            Assert.Equal("#1", error.FeatureId);
            Assert.Contains("IDENTIFIER", error.Reason);
            Assert.Empty(blobs.Files(Prefix));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_segment_with_a_position_outside_WGS_84_is_refused_by_id()
    {
        var path = Path.Combine(Path.GetTempPath(), $"koeln-bad-{Guid.NewGuid():N}.geojson");
        await File.WriteAllTextAsync(path, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"IDENTIFIER":"ST7"},"geometry":{"type":"MultiLineString","coordinates":[[[356000,5645000],[356100,5645000]]]}}]}""");
        using var blobs = new TempBlobFolder();
        try
        {
            var error = await Assert.ThrowsAsync<FeatureException>(() => new CityImporter(new CityImportSettings()).ImportAsync(path, blobs.Store, Prefix));

            Assert.Equal("koeln:segment/ST7", error.FeatureId);
            Assert.Contains("WGS 84", error.Reason);
            Assert.Empty(blobs.Files(Prefix));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Transform(byte[] tileset) =>
        JsonDocument.Parse(tileset).RootElement.GetProperty("root").GetProperty("transform").GetRawText();

    /// <summary>Monaco and Cologne imported once for the class.</summary>
    public sealed class Imports : IAsyncLifetime
    {
        public TempBlobFolder MonacoBlobs { get; } = new();

        public TempBlobFolder KoelnBlobs { get; } = new();

        public ImportedCity Monaco { get; private set; } = null!;

        public ImportedCity Koeln { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Monaco = await new CityImporter(new CityImportSettings()).ImportAsync(DataFolder.GetPath("osm/monaco-latest.osm.pbf"), MonacoBlobs.Store, Prefix);
            Koeln = await new CityImporter(new CityImportSettings()).ImportAsync(DataFolder.GetPath("sensors/koeln-traffic-street-segments.geojson"), KoelnBlobs.Store, Prefix);
        }

        public Task DisposeAsync()
        {
            MonacoBlobs.Dispose();
            KoelnBlobs.Dispose();
            return Task.CompletedTask;
        }
    }
}
