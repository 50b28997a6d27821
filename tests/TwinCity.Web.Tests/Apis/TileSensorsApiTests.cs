using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Tests.Apis;

/// <summary><c>GET /api/tiles/{tile}/sensors</c>: the registered sensors on a tile's features, for the viewer's sensors layer.</summary>
[Collection(AppCollection.Name)]
public sealed class TileSensorsApiTests(TwinCityAppFixture app)
{
    [Fact]
    public async Task Sensors_registered_on_features_of_a_building_tile_are_listed_with_their_feature_index_metric_and_entity()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        var (tile, count) = await CityProbe.BusiestTileAsync(operatorClient);
        var power = await RegisterAsync(operatorClient, tile, 2, "power_kw", "kW", countsPeople: false);
        var people = await RegisterAsync(operatorClient, tile, count - 1, "people_count", "count", countsPeople: true);

        using var publicClient = app.CreateClient();
        var sensors = await SensorsOfAsync(publicClient, tile);

        AssertListed(sensors, power, 2, "power_kw", "kW", countsPeople: false);
        AssertListed(sensors, people, count - 1, "people_count", "count", countsPeople: true);
        Assert.All(sensors, s => Assert.InRange(s.GetProperty("feature").GetInt32(), 0, count - 1));
    }

    [Fact]
    public async Task Sensors_on_a_street_segment_are_listed_under_the_street_tile_and_not_under_another_tile()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        var (tile, count) = await CityProbe.BusiestTileAsync(operatorClient, "streets");
        var flow = await RegisterAsync(operatorClient, tile, count / 2, "traffic_flow", "1/h", countsPeople: false);
        var (buildingTile, _) = await CityProbe.BusiestTileAsync(operatorClient);

        using var publicClient = app.CreateClient();

        AssertListed(await SensorsOfAsync(publicClient, tile), flow, count / 2, "traffic_flow", "1/h", countsPeople: false);
        Assert.DoesNotContain(await SensorsOfAsync(publicClient, buildingTile), s => s.GetProperty("id").GetString() == flow.Sensor);
    }

    [Theory]
    [InlineData("/api/tiles/bad.tile/sensors", "bad.tile")]
    [InlineData("/api/tiles/parks/t-0-1/sensors", "layer 'parks'")]
    [InlineData("/api/tiles/streets/t%200/sensors", "streets/t 0")]
    public async Task A_malformed_tile_id_is_a_400_naming_the_problem(string path, string named)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Invalid tile id", problem.GetProperty("title").GetString());
        Assert.Contains(named, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tile_id_longer_than_64_characters_is_a_400()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync($"/api/tiles/{new string('t', 65)}/sensors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/tiles/9_999_999/sensors")]
    [InlineData("/api/tiles/networks/t-999-999/sensors")]
    public async Task A_well_formed_tile_the_city_does_not_have_is_a_404(string path)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No tile", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_reads_a_tile_s_sensors_but_cannot_write_them_or_register_one()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        var (tile, _) = await CityProbe.BusiestTileAsync(operatorClient);
        var entity = await CityProbe.FeatureIdAsync(operatorClient, tile, 3);
        using var publicClient = app.CreateClient();

        var read = await publicClient.GetAsync($"/api/tiles/{tile}/sensors");
        var write = await publicClient.PostAsJsonAsync($"/api/tiles/{tile}/sensors", new { id = "x" });
        var register = await publicClient.PutAsJsonAsync("/api/sensors/public-try", new
        {
            entityId = entity, metricId = "power_kw", unit = "kW", @operator = "anyone", purpose = "a public write", retentionDays = 1, countsPeople = false,
        });

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        // No write is mapped on the route, and what declares no role is closed: 401, not even a 405 to probe.
        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, register.StatusCode);
        Assert.DoesNotContain(await SensorsOfAsync(publicClient, tile), s => s.GetProperty("id").GetString() == "public-try");
    }

    [Fact]
    public async Task A_viewer_revalidating_an_unchanged_tile_gets_a_304_and_after_a_registration_the_new_list()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        var (tile, _) = await CityProbe.BusiestTileAsync(operatorClient);
        using var publicClient = app.CreateClient();
        var first = await publicClient.GetAsync($"/api/tiles/{tile}/sensors");
        var etag = first.Headers.ETag!;

        var again = await GetWithEtagAsync(publicClient, tile, etag);
        var added = await RegisterAsync(operatorClient, tile, 4, "indoor_temp_c", "Cel", countsPeople: false);
        var changed = await GetWithEtagAsync(publicClient, tile, etag);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var sensors = (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sensors").EnumerateArray().ToList();
        AssertListed(sensors, added, 4, "indoor_temp_c", "Cel", countsPeople: false);
    }

    private static async Task<HttpResponseMessage> GetWithEtagAsync(HttpClient client, string tile, EntityTagHeaderValue etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/tiles/{tile}/sensors");
        request.Headers.IfNoneMatch.Add(etag);
        return await client.SendAsync(request);
    }

    private static async Task<(string Sensor, string Entity)> RegisterAsync(HttpClient operatorClient, string tile, int feature, string metric, string unit, bool countsPeople)
    {
        var answer = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/tiles/{tile}/features/{feature}");
        // A building tile's feature answers {info: {id}}, a layer tile's the entity itself.
        var entity = (answer.TryGetProperty("info", out var info) ? info : answer).GetProperty("id").GetString()!;
        var sensor = $"tile-{metric}-{Guid.NewGuid():N}"[..40];
        var response = await operatorClient.PutAsJsonAsync($"/api/sensors/{sensor}", new
        {
            entityId = entity, metricId = metric, unit, @operator = "TwinCity tests", purpose = "Checks the sensors layer", retentionDays = 30, countsPeople,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (sensor, entity);
    }

    private static async Task<List<JsonElement>> SensorsOfAsync(HttpClient client, string tile)
    {
        var answer = await client.GetFromJsonAsync<JsonElement>($"/api/tiles/{tile}/sensors");
        Assert.Equal(tile, answer.GetProperty("tile").GetString());
        return [.. answer.GetProperty("sensors").EnumerateArray()];
    }

    private static void AssertListed(List<JsonElement> sensors, (string Sensor, string Entity) registered, int feature, string metric, string unit, bool countsPeople)
    {
        var listed = Assert.Single(sensors, s => s.GetProperty("id").GetString() == registered.Sensor);
        Assert.Equal(registered.Entity, listed.GetProperty("entity").GetString());
        Assert.Equal(feature, listed.GetProperty("feature").GetInt32());
        Assert.Equal(metric, listed.GetProperty("metric").GetString());
        Assert.Equal(unit, listed.GetProperty("unit").GetString());
        Assert.Equal(countsPeople, listed.GetProperty("countsPeople").GetBoolean());
    }
}
