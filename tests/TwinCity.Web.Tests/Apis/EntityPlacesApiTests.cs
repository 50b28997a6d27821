using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TwinCity.Web.Tests.Apis;

/// <summary><c>GET /api/entity-places</c>: where many entities are drawn, in one public request.</summary>
[Collection(AppCollection.Name)]
public sealed class EntityPlacesApiTests(TwinCityAppFixture app)
{
    [Fact]
    public async Task Places_of_buildings_and_street_segments_name_their_tile_and_feature_and_leave_out_unknown_ids()
    {
        using var client = app.CreateClient();
        var (buildingTile, _) = await CityProbe.BusiestTileAsync(client);
        var (streetTile, _) = await CityProbe.BusiestTileAsync(client, "streets");
        var expected = new Dictionary<string, (string Tile, int Feature)>();
        foreach (var (tile, feature) in new[] { (buildingTile, 0), (buildingTile, 7), (streetTile, 0), (streetTile, 3) })
        {
            // A building tile's feature answers {info: {id}}, a layer tile's the entity itself.
            var answer = await client.GetFromJsonAsync<JsonElement>($"/api/tiles/{tile}/features/{feature}");
            expected[(answer.TryGetProperty("info", out var info) ? info : answer).GetProperty("id").GetString()!] = (tile, feature);
        }

        var query = string.Join('&', expected.Keys.Append("osm:way/0-not-in-this-city").Select(id => "id=" + Uri.EscapeDataString(id)));
        var places = await client.GetFromJsonAsync<JsonElement>($"/api/entity-places?{query}");

        var found = places.EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!, p => (p.GetProperty("tile").GetString()!, p.GetProperty("feature").GetInt32()));
        Assert.Equal(expected.OrderBy(e => e.Key), found.OrderBy(e => e.Key));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task Asking_for_no_id_or_more_than_a_hundred_is_a_400(int count)
    {
        using var client = app.CreateClient();
        var query = string.Join('&', Enumerable.Range(0, count).Select(i => $"id=osm%3Away%2F{i}"));

        var response = await client.GetAsync($"/api/entity-places?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("1 to 100 ids", await response.Content.ReadAsStringAsync());
    }
}
