using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TwinCity.Models.Frames;
using TwinCity.Models.Metrics;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Tests.Networks;

/// <summary>Monaco's streets and utility networks as live entities and tile layers in the running twin.</summary>
[Collection(AppCollection.Name)]
public sealed class MonacoNetworkTests(TwinCityAppFixture app)
{
    [Fact]
    public async Task The_catalogue_lists_buildings_streets_and_networks_layers_with_their_tilesets()
    {
        using var client = app.CreateClient();
        var city = await CityProbe.CityAsync(client);
        var layers = city.GetProperty("layers").EnumerateArray().ToDictionary(l => l.GetProperty("id").GetString()!);

        Assert.Equal(["buildings", "streets", "networks"], layers.Keys);
        Assert.Equal("/city/tileset.json", layers["buildings"].GetProperty("tileset").GetString());
        foreach (var layer in new[] { "streets", "networks" })
        {
            var tileset = await client.GetFromJsonAsync<JsonElement>(layers[layer].GetProperty("tileset").GetString());
            var tiles = city.GetProperty("tiles").EnumerateArray().Where(t => t.GetProperty("layer").GetString() == layer).ToList();
            Assert.Equal("1.1", tileset.GetProperty("asset").GetProperty("version").GetString());
            Assert.Equal(layers[layer].GetProperty("featureCount").GetInt32(), tiles.Sum(t => t.GetProperty("featureCount").GetInt32()));
            Assert.All(tiles, t => Assert.StartsWith(layer + "/", t.GetProperty("id").GetString()));
            var glb = await client.GetAsync("/city/" + tiles[0].GetProperty("content").GetString());
            Assert.Equal(HttpStatusCode.OK, glb.StatusCode);
            Assert.Equal("glTF", System.Text.Encoding.ASCII.GetString((await glb.Content.ReadAsByteArrayAsync())[..4]));
        }
    }

    [Fact]
    public async Task A_picked_street_feature_shows_the_segment_with_its_source_attributes_and_licence()
    {
        using var client = app.CreateClient();
        var (tile, count) = await CityProbe.BusiestTileAsync(client, "streets");

        var segment = await client.GetFromJsonAsync<JsonElement>($"/api/tiles/{tile}/features/{count - 1}");
        var id = segment.GetProperty("id").GetString()!;
        var byId = await client.GetFromJsonAsync<JsonElement>($"/api/entities/{Uri.EscapeDataString(id)}");

        Assert.Matches(@"^osm:way/\d+#\d+$", id);
        Assert.Equal("street-segment", segment.GetProperty("kind").GetString());
        Assert.Equal(tile, segment.GetProperty("tile").GetString());
        Assert.Equal(count - 1, segment.GetProperty("feature").GetInt32());
        Assert.True(segment.GetProperty("attributes").TryGetProperty("highway", out _));
        Assert.Equal("ODbL-1.0", segment.GetProperty("licence").GetString());
        Assert.Equal(id, byId.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_registered_sensor_on_a_street_segment_feeds_its_grain_history_and_tile_frames()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        var (tile, count) = await CityProbe.BusiestTileAsync(operatorClient, "streets");
        var feature = count / 2;
        var segment = (await operatorClient.GetFromJsonAsync<JsonElement>($"/api/tiles/{tile}/features/{feature}")).GetProperty("id").GetString()!;
        var sensor = "test-flow." + segment.Replace('/', '-').Replace('#', '-');
        (await operatorClient.PutAsJsonAsync($"/api/sensors/{sensor}", new
        {
            entityId = segment, metricId = "traffic_flow", unit = "1/h", @operator = "tests", purpose = "test of the street segment path", retentionDays = 1, countsPeople = false,
        })).EnsureSuccessStatusCode();
        await using var watcher = await FrameWatcher.WatchAsync(app.BaseAddress, tile);
        var time = DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeMilliseconds() / 1000.0;

        using var sensorClient = new HttpClient { BaseAddress = app.BaseAddress };
        sensorClient.DefaultRequestHeaders.Authorization = new("Bearer", app.Tokens.Tokens[Roles.Sensor]);
        var response = await sensorClient.PostAsync("/api/ingest", new StringContent(
            $$"""[{"n":"{{sensor}}","u":"1/h","v":812.5,"t":{{time.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}]""", System.Text.Encoding.UTF8, "application/senml+json"));
        response.EnsureSuccessStatusCode();
        var frame = await watcher.NextAsync(f => !f.IsSnapshot && f.TileId == tile, "delta frame for the street tile");

        var flow = MetricCatalog.IndexOf("traffic_flow");
        Assert.Contains(new FeatureChange(feature, flow, 812.5f), TileFrameCodec.Decode(frame.Payload));
        var details = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/entities/{Uri.EscapeDataString(segment)}");
        Assert.Equal(812.5, details.GetProperty("metrics").GetProperty("traffic_flow").GetDouble());
        var history = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/entities/{Uri.EscapeDataString(segment)}/history?metric=traffic_flow");
        Assert.Equal([812.5], history.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));
        Assert.Equal("1/h", history.GetProperty("unit").GetString());
    }

    [Fact]
    public async Task Readings_for_a_utility_node_reach_its_grain_through_the_readings_api()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        var (tile, count) = await CityProbe.BusiestTileAsync(operatorClient, "networks");
        var nodes = new List<JsonElement>();
        for (var i = 0; i < count; i++)
        {
            nodes.Add(await operatorClient.GetFromJsonAsync<JsonElement>($"/api/tiles/{tile}/features/{i}"));
        }

        var node = nodes.First(n => n.GetProperty("kind").GetString() == "utility-node").GetProperty("id").GetString()!;
        (await operatorClient.PostAsJsonAsync("/api/readings", new[] { new { entity = node, metric = "pressure_bar", value = 4.25 } })).EnsureSuccessStatusCode();

        var details = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/entities/{Uri.EscapeDataString(node)}");
        Assert.Matches(@"^osm:node/\d+$", node);
        Assert.Equal(4.25, details.GetProperty("metrics").GetProperty("pressure_bar").GetDouble());
    }

    [Theory]
    [InlineData("/api/entities/osm%3Away%2F1%230")]
    [InlineData("/api/tiles/streets/t-999-999/features/0")]
    [InlineData("/api/tiles/streets/t-0-0/features/100000")]
    public async Task Unknown_entities_and_features_are_404_problems(string path)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
