using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using TwinCity.Web.Auth;
using Xunit.Abstractions;

namespace TwinCity.Web.Tests.Browser;

/// <summary>The viewer's sensors layer (issue 5): markers on the sensors' features, toggled, picked into the panel.</summary>
[Collection(AppCollection.Name)]
public sealed class SensorLayerTests(TwinCityAppFixture app, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Operator_sees_a_marker_per_registered_sensor_hides_them_with_the_toggle_and_picks_one_into_the_panel()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        var (tile, count) = await CityProbe.BusiestTileAsync(operatorClient);
        var features = new[] { count / 3, count / 2, count / 2 };
        var sensors = new List<(string Id, string Entity)>();
        foreach (var feature in features)
        {
            sensors.Add(await RegisterAsync(operatorClient, tile, feature));
        }

        var (picked, pickedEntity) = sensors[0];
        await using var viewer = await ViewerPage.NewAsync(browser.Browser);
        await viewer.OpenAsync($"{app.BaseAddress}?mode=operator&lang=en&token={Uri.EscapeDataString(app.Tokens.Tokens[Roles.Operator])}");
        await LookAtTileAsync(viewer, operatorClient, tile);
        await viewer.WaitAsync($"() => twincity.ready && twincity.sensorMarkers >= {sensors.Count} && twincity.sensorScreenPoint('{picked}') !== null", "markers placed");
        var shown = await viewer.Page.EvaluateAsync<JsonElement>("() => ({ markers: twincity.sensorMarkers, calls: twincity.renderNow() })");
        Assert.True(await viewer.Page.IsCheckedAsync("input[data-layer=sensors]"));

        // A reading of the picked sensor's metric makes its marker live.
        (await operatorClient.PostAsJsonAsync("/api/readings", new[] { new { entity = pickedEntity, metric = "power_kw", value = 42.0, time = DateTimeOffset.UtcNow } })).EnsureSuccessStatusCode();
        await viewer.WaitAsync("() => twincity.liveSensorMarkers >= 1", "marker live after a reading", TimeSpan.FromSeconds(15));

        await viewer.Page.UncheckAsync("input[data-layer=sensors]");
        var hidden = await viewer.Page.EvaluateAsync<JsonElement>("() => ({ markers: twincity.sensorMarkers, capacity: twincity.sensorMarkerCapacity, calls: twincity.renderNow() })");
        output.WriteLine($"with sensors: {shown}; without: {hidden}");
        Assert.Equal(0, hidden.GetProperty("markers").GetInt32());
        Assert.Equal(0, hidden.GetProperty("capacity").GetInt32());
        // One instanced mesh draws every marker: hiding them all saves exactly one draw call.
        Assert.Equal(shown.GetProperty("calls").GetInt32() - 1, hidden.GetProperty("calls").GetInt32());

        await viewer.Page.CheckAsync("input[data-layer=sensors]");
        await viewer.WaitAsync($"() => twincity.sensorMarkers === {shown.GetProperty("markers").GetInt32()} && twincity.sensorScreenPoint('{picked}') !== null", "markers back");
        var point = await viewer.Page.EvaluateAsync<JsonElement>($"() => twincity.sensorScreenPoint('{picked}')");
        await viewer.Page.Mouse.ClickAsync(point.GetProperty("x").GetSingle(), point.GetProperty("y").GetSingle());

        await viewer.WaitAsync($"() => twincity.selected && twincity.selected.sensorId === '{picked}' && twincity.selected.id === '{pickedEntity}'", "sensor picked", TimeSpan.FromSeconds(10));
        var entry = viewer.Page.Locator($"aside .info-sensor[data-sensor='{picked}']");
        await Assertions.Expect(entry).ToContainTextAsync(picked);
        await Assertions.Expect(entry).ToContainTextAsync("power_kw (kW)");
        await Assertions.Expect(entry).ToContainTextAsync("TwinCity browser tests");
        await Assertions.Expect(entry).ToContainTextAsync("30 days");
        await Assertions.Expect(entry).ToContainTextAsync("Live");
        await viewer.WaitAsync($"() => twincity.liveMessages.some(m => m.startsWith('Selected sensor {picked}'))", "pick announced");
        Assert.Empty(viewer.ConsoleErrors);
    }

    [Fact]
    public async Task The_public_viewer_opens_with_the_sensors_layer_off_and_turns_it_on_from_its_toggle()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        var (tile, count) = await CityProbe.BusiestTileAsync(operatorClient);
        await RegisterAsync(operatorClient, tile, count / 4);
        await using var viewer = await ViewerPage.NewAsync(browser.Browser);
        await viewer.OpenAsync($"{app.BaseAddress}?lang=fr");
        await LookAtTileAsync(viewer, operatorClient, tile);
        await viewer.WaitAsync("() => twincity.ready", "ready on the tile");

        Assert.False(await viewer.Page.EvaluateAsync<bool>("() => twincity.sensorsShown"));
        Assert.Equal(0, await viewer.Page.EvaluateAsync<int>("() => twincity.sensorMarkers"));
        await Assertions.Expect(viewer.Page.Locator("input[data-layer=sensors] + span")).ToHaveTextAsync("Capteurs");

        await viewer.Page.CheckAsync("input[data-layer=sensors]");
        await viewer.WaitAsync("() => twincity.sensorMarkers >= 1", "markers after turning the layer on");
        await viewer.WaitAsync("() => twincity.liveMessages.some(m => m.startsWith('Couche capteurs'))", "layer announced in French");
        Assert.Empty(viewer.ConsoleErrors);
    }

    private static async Task<(string Id, string Entity)> RegisterAsync(HttpClient operatorClient, string tile, int feature)
    {
        var entity = await CityProbe.FeatureIdAsync(operatorClient, tile, feature);
        var id = $"browser-{Guid.NewGuid():N}"[..24];
        (await operatorClient.PutAsJsonAsync($"/api/sensors/{id}", new
        {
            entityId = entity, metricId = "power_kw", unit = "kW", @operator = "TwinCity browser tests", purpose = "Checks the sensors layer", retentionDays = 30, countsPeople = false,
        })).EnsureSuccessStatusCode();
        return (id, entity);
    }

    private static async Task LookAtTileAsync(ViewerPage viewer, HttpClient client, string tileId)
    {
        var tile = (await CityProbe.CityAsync(client)).GetProperty("tiles").EnumerateArray().Single(t => t.GetProperty("id").GetString() == tileId);
        string At(string name) => tile.GetProperty(name).GetDouble().ToString(CultureInfo.InvariantCulture);
        await viewer.Page.EvaluateAsync($"() => twincity.lookAt({At("minX")}, {At("minY")}, {At("maxX")}, {At("maxY")})");
    }
}
