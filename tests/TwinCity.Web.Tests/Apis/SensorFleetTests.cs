using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Tests.Apis;

[Collection(AppCollection.Name)]
public sealed class SensorFleetTests(TwinCityAppFixture app)
{
    [Fact]
    public async Task Replacing_a_fleet_registers_the_new_sensors_and_retires_the_old_ones()
    {
        using var client = app.CreateClient(Roles.Operator);
        var buildings = await BuildingsAsync(client, 3);
        var fleet = $"Fleet {Guid.NewGuid():N}"[..20];

        var first = await client.PutAsJsonAsync($"/api/operators/{Uri.EscapeDataString(fleet)}/sensors", buildings.Select((b, i) => Meter($"fl-{i}-{fleet.GetHashCode():x}", b)).ToArray());
        var second = await client.PutAsJsonAsync($"/api/operators/{Uri.EscapeDataString(fleet)}/sensors", buildings.Take(2).Select((b, i) => Meter($"fl-{i}-{fleet.GetHashCode():x}", b)).ToArray());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sensors").GetInt32());
        var register = await client.GetFromJsonAsync<JsonElement>("/api/sensors?limit=5000");
        var ours = register.GetProperty("sensors").EnumerateArray().Where(s => s.GetProperty("operator").GetString() == fleet).ToList();
        Assert.Equal(buildings.Take(2).Order(), ours.Select(s => s.GetProperty("entityId").GetString()!).Order());
    }

    [Fact]
    public async Task A_fleet_with_bad_entries_is_refused_whole_naming_each_by_index()
    {
        using var client = app.CreateClient(Roles.Operator);
        var buildings = await BuildingsAsync(client, 2);
        var (taken, _) = await IngestApiTests.RegisterAsync(app, "power_kw", "kW", feature: 3);
        var fleet = $"Bad fleet {Guid.NewGuid():N}"[..20];

        var response = await client.PutAsJsonAsync($"/api/operators/{Uri.EscapeDataString(fleet)}/sensors", new[]
        {
            Meter("bf-ok", buildings[0]),
            Meter("bf-ghost", "osm:way/1"),
            Meter("bf-ok", buildings[1]),
            Meter(taken, buildings[1]),
        });
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("[1] entityId 'osm:way/1' is not an entity", text);
        Assert.Contains("[2] id 'bf-ok' appears twice", text);
        Assert.Contains($"[3] id '{taken}' is a sensor of TwinCity tests", text);
        var register = await client.GetFromJsonAsync<JsonElement>("/api/sensors?limit=5000");
        Assert.DoesNotContain(register.GetProperty("sensors").EnumerateArray(), s => s.GetProperty("operator").GetString() == fleet);
    }

    [Fact]
    public async Task The_public_cannot_replace_a_fleet()
    {
        using var client = app.CreateClient();

        var response = await client.PutAsJsonAsync("/api/operators/anyone/sensors", Array.Empty<object>());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static object Meter(string id, string entity) =>
        new { id, entityId = entity, metricId = "power_kw", unit = "kW", purpose = "Energy use of the building", retentionDays = 90, countsPeople = false };

    private static async Task<string[]> BuildingsAsync(HttpClient client, int count)
    {
        var (tile, _) = await CityProbe.BusiestTileAsync(client);
        return await Task.WhenAll(Enumerable.Range(60, count).Select(i => CityProbe.FeatureIdAsync(client, tile, i)));
    }
}
