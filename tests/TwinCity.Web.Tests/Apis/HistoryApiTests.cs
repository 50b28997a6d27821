using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Tests.Apis;

[Collection(AppCollection.Name)]
public sealed class HistoryApiTests(TwinCityAppFixture app)
{
    [Fact]
    public async Task History_returns_the_readings_in_time_order_within_the_range_whatever_order_they_came_in()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        var (tile, _) = await CityProbe.BusiestTileAsync(operatorClient);
        var entity = await CityProbe.FeatureIdAsync(operatorClient, tile, 10);
        var now = DateTimeOffset.UtcNow;
        var times = new[] { now.AddMinutes(-30), now.AddMinutes(-20), now.AddMinutes(-10) };
        foreach (var (t, v) in times.Zip(new[] { 10.0, 20.0, 30.0 }))
        {
            (await operatorClient.PostAsJsonAsync("/api/readings", new[] { new { entity, metric = "power_kw", value = v, time = t } })).EnsureSuccessStatusCode();
        }

        // A reading older than those before it (a sensor sending what it buffered) still has its place in the history.
        (await operatorClient.PostAsJsonAsync("/api/readings", new[] { new { entity, metric = "power_kw", value = 99.0, time = now.AddMinutes(-40) } })).EnsureSuccessStatusCode();

        using var client = app.CreateClient();
        var all = await client.GetFromJsonAsync<JsonElement>($"/api/entities/{Uri.EscapeDataString(entity)}/history?metric=power_kw&from={Uri.EscapeDataString(now.AddHours(-1).ToString("O"))}");
        var recent = await client.GetFromJsonAsync<JsonElement>($"/api/entities/{Uri.EscapeDataString(entity)}/history?metric=power_kw&from={Uri.EscapeDataString(now.AddMinutes(-15).ToString("O"))}");

        Assert.Equal([99.0, 10.0, 20.0, 30.0], all.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));
        Assert.Equal("kW", all.GetProperty("unit").GetString());
        Assert.Equal([30.0], recent.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));
    }

    [Theory]
    [InlineData("osm%3Away%2F1", "power_kw", HttpStatusCode.NotFound)]
    [InlineData("{entity}", "noise_db", HttpStatusCode.BadRequest)]
    [InlineData("{entity}", "power_kw&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", HttpStatusCode.BadRequest)]
    [InlineData("{entity}", "power_kw&max=0", HttpStatusCode.BadRequest)]
    public async Task Bad_history_requests_are_refused_clearly(string id, string metric, HttpStatusCode expected)
    {
        using var client = app.CreateClient();
        var (tile, _) = await CityProbe.BusiestTileAsync(client);
        var entity = await CityProbe.FeatureIdAsync(client, tile, 11);

        var response = await client.GetAsync($"/api/entities/{id.Replace("{entity}", Uri.EscapeDataString(entity), StringComparison.Ordinal)}/history?metric={metric}");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
