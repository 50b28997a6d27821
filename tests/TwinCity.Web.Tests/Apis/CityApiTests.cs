using System.Net;
using System.Text.Json;

namespace TwinCity.Web.Tests.Apis;

[Collection(AppCollection.Name)]
public sealed class CityApiTests(TwinCityAppFixture app)
{
    [Fact]
    public async Task City_catalogue_lists_tiles_metrics_and_the_data_licence()
    {
        using var client = app.CreateClient();

        var city = await CityProbe.CityAsync(client);

        var tiles = city.GetProperty("tiles").EnumerateArray().ToList();
        Assert.NotEmpty(tiles);
        Assert.Contains(city.GetProperty("metrics").EnumerateArray(), m => m.GetProperty("id").GetString() == "power_kw");
        Assert.Contains("ODbL", city.GetProperty("provenance").GetProperty("licence").GetString());
        Assert.Contains("OpenStreetMap", city.GetProperty("provenance").GetProperty("attribution").GetString());
    }

    [Fact]
    public async Task Tile_content_is_served_as_binary_gltf()
    {
        using var client = app.CreateClient();
        var tile = (await CityProbe.CityAsync(client)).GetProperty("tiles")[0];

        var response = await client.GetAsync("/city/" + tile.GetProperty("content").GetString());
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("model/gltf-binary", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("glTF"u8.ToArray(), bytes[..4]);
    }

    [Theory]
    [InlineData("/city/..%2F..%2Ftokens.json")]
    [InlineData("/city/%2e%2e/%2e%2e/tokens.json")]
    [InlineData("/city/tiles/%00.glb")]
    [InlineData("/city/%2Fetc%2Fpasswd")]
    public async Task Content_path_cannot_leave_the_city_folder(string path)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        Assert.DoesNotContain(app.Tokens.Tokens["operator"], body);
        Assert.DoesNotContain("root:", body);
    }

    [Fact]
    public async Task Feature_of_a_tile_resolves_to_its_building_with_name_and_height()
    {
        using var client = app.CreateClient();
        var (tile, count) = await CityProbe.BusiestTileAsync(client);

        var response = await client.GetAsync($"/api/tiles/{tile}/features/{count - 1}");
        var building = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("info");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("osm:", building.GetProperty("id").GetString());
        Assert.True(building.GetProperty("height").GetDouble() > 0);
        Assert.Equal(count - 1, building.GetProperty("featureIndex").GetInt32());
    }

    [Theory]
    [InlineData("/api/buildings/osm:way/1")]
    [InlineData("/api/tiles/t-999-999/features/0")]
    [InlineData("/api/tiles/t-0-0/features/100000")]
    public async Task Unknown_building_or_feature_is_a_404_problem(string path)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
