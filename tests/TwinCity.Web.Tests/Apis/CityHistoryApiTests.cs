using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Tests.Apis;

[Collection(AppCollection.Name)]
public sealed class CityHistoryApiTests(TwinCityAppFixture app)
{
    [Fact]
    public async Task A_city_snapshot_gives_each_entity_its_newest_value_at_that_moment()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        var (tile, _) = await CityProbe.BusiestTileAsync(operatorClient);
        var first = await CityProbe.FeatureIdAsync(operatorClient, tile, 30);
        var second = await CityProbe.FeatureIdAsync(operatorClient, tile, 31);
        // Hours back, so no other test's readings of this metric fall in between.
        var t0 = DateTimeOffset.UtcNow.AddHours(-5);
        var readings = new object[]
        {
            new { entity = first, metric = "indoor_temp_c", value = 18.0, time = t0 },
            new { entity = first, metric = "indoor_temp_c", value = 21.0, time = t0.AddMinutes(20) },
            new { entity = second, metric = "indoor_temp_c", value = 25.0, time = t0.AddMinutes(10) },
        };
        (await operatorClient.PostAsJsonAsync("/api/readings", readings)).EnsureSuccessStatusCode();

        using var client = app.CreateClient();
        var before = await SnapshotAsync(client, t0.AddMinutes(-1));
        var between = await SnapshotAsync(client, t0.AddMinutes(15));
        var after = await SnapshotAsync(client, t0.AddMinutes(30));

        Assert.False(before.ContainsKey(first));
        Assert.False(before.ContainsKey(second));
        Assert.Equal(18.0, between[first].GetProperty("value").GetDouble());
        Assert.Equal(25.0, between[second].GetProperty("value").GetDouble());
        Assert.Equal(21.0, after[first].GetProperty("value").GetDouble());
        Assert.Equal(tile, after[first].GetProperty("tile").GetString());
        Assert.Equal(30, after[first].GetProperty("feature").GetInt32());
        Assert.Equal(t0.AddMinutes(20), after[first].GetProperty("time").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?metric=noise_db")]
    [InlineData("?metric=power_kw&at=yesterday")]
    public async Task Bad_snapshot_requests_are_refused_clearly(string query)
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync($"/api/history/snapshot{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task<Dictionary<string, JsonElement>> SnapshotAsync(HttpClient client, DateTimeOffset at)
    {
        var snapshot = await client.GetFromJsonAsync<JsonElement>($"/api/history/snapshot?metric=indoor_temp_c&at={Uri.EscapeDataString(at.ToString("O"))}");
        Assert.Equal("Cel", snapshot.GetProperty("unit").GetString());
        return snapshot.GetProperty("values").EnumerateArray().ToDictionary(v => v.GetProperty("id").GetString()!);
    }
}
