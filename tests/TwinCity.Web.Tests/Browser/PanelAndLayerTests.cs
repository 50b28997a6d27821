using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using TwinCity.Web.Auth;
using Xunit.Abstractions;

namespace TwinCity.Web.Tests.Browser;

/// <summary>Layer toggles, the info panel's licence and history chart, and the time slider replaying the city.</summary>
[Collection(AppCollection.Name)]
public sealed class PanelAndLayerTests(TwinCityAppFixture app, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Hiding_a_layer_drops_its_draw_calls_and_its_subscriptions_and_showing_it_brings_them_back()
    {
        using var client = app.CreateClient();
        var city = await CityProbe.CityAsync(client);
        var layers = city.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("id").GetString()!).ToList();
        await using var viewer = await ViewerPage.NewAsync(browser.Browser);
        await viewer.OpenAsync($"{app.BaseAddress}?lang=en");
        // Every tile layer of the city, then the sensors layer (markers over them, not a tileset).
        Assert.Equal(layers.Append("sensors").ToList(), await viewer.Page.Locator("fieldset.layer-toggles input").EvaluateAllAsync<string[]>("boxes => boxes.map(b => b.dataset.layer)"));
        Assert.Contains("streets", layers);

        var all = await viewer.Page.EvaluateAsync<int>("() => twincity.renderNow()");
        var streetTiles = await viewer.Page.EvaluateAsync<int>("() => twincity.loadedTiles().filter(t => t.layer === 'streets').length");
        await viewer.Page.UncheckAsync("input[data-layer=streets]");
        var without = await viewer.Page.EvaluateAsync<int>("() => twincity.renderNow()");
        await viewer.WaitAsync("() => twincity.ready && !twincity.subscribedTiles.some(t => t.startsWith('streets/'))", "street tiles unsubscribed");
        output.WriteLine($"draw calls: {all} with every layer, {without} without the {streetTiles} street tiles");

        Assert.True(without < all, $"{without} draw calls without streets, {all} with");
        Assert.True(all - without <= streetTiles, $"hiding streets removed {all - without} draw calls, more than its {streetTiles} tiles");
        Assert.Contains(await viewer.Page.EvaluateAsync<JsonElement>("() => twincity.layers()").ContinueWith(t => t.Result.EnumerateArray().ToList()),
            l => l.GetProperty("id").GetString() == "streets" && !l.GetProperty("visible").GetBoolean());

        await viewer.Page.CheckAsync("input[data-layer=streets]");
        await viewer.WaitAsync("() => twincity.ready && twincity.subscribedTiles.some(t => t.startsWith('streets/'))", "street tiles subscribed again");
        Assert.Equal(all, await viewer.Page.EvaluateAsync<int>("() => twincity.renderNow()"));
    }

    [Fact]
    public async Task Panel_shows_licence_provenance_and_history_and_the_time_slider_replays_the_city_then_returns_to_live()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        var city = await CityProbe.CityAsync(operatorClient);
        var licence = city.GetProperty("provenance").GetProperty("licence").GetString()!;
        var (tile, count) = await CityProbe.BusiestTileAsync(operatorClient);
        var index = count / 5;
        var entity = await CityProbe.FeatureIdAsync(operatorClient, tile, index);
        var now = DateTimeOffset.UtcNow;
        foreach (var (minutesAgo, value) in new[] { (40, 30.0), (3, 220.0) })
        {
            (await operatorClient.PostAsJsonAsync("/api/readings", new[] { new { entity, metric = "power_kw", value, time = now.AddMinutes(-minutesAgo) } })).EnsureSuccessStatusCode();
        }

        await using var viewer = await ViewerPage.NewAsync(browser.Browser);
        await viewer.OpenAsync($"{app.BaseAddress}?lang=en");
        await viewer.WaitAsync($"() => twincity.shownValue('{tile}', {index}) === 220", "live value");
        var liveColour = await viewer.Page.EvaluateAsync<int[]>($"() => twincity.featureColour('{tile}', {index})");
        var point = await viewer.Page.EvaluateAsync<JsonElement>($"() => twincity.screenPointOf('{tile}', {index})");
        await viewer.Page.Mouse.ClickAsync(point.GetProperty("x").GetSingle(), point.GetProperty("y").GetSingle());

        await viewer.WaitAsync($"() => twincity.selected && twincity.selected.id === '{entity}' && twincity.historyPoints >= 2", "panel with history", TimeSpan.FromSeconds(15));
        var panel = viewer.Page.Locator("aside");
        await Assertions.Expect(panel).ToContainTextAsync(licence);
        await Assertions.Expect(panel.Locator(".info-origin")).ToContainTextAsync("Provenance");
        Assert.Matches("^M[0-9.]+ [0-9.]+ L", await panel.Locator(".history-chart path").GetAttributeAsync("d"));
        await Assertions.Expect(panel.Locator(".history-chart svg")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("History of Power use: [0-9]+ values"));

        // 20 minutes ago the building used 30 kW: the whole city is coloured from that moment.
        await viewer.Page.Locator(".time-slider input[type=range]").EvaluateAsync("(input) => { input.value = '-20'; input.dispatchEvent(new Event('input', { bubbles: true })); }");
        await viewer.WaitAsync($"() => twincity.replayAt !== null && twincity.shownValue('{tile}', {index}) === 30", "replayed moment", TimeSpan.FromSeconds(20));
        var replayColour = await viewer.Page.EvaluateAsync<int[]>($"() => twincity.featureColour('{tile}', {index})");
        Assert.NotEqual(liveColour, replayColour);

        await viewer.Page.Locator(".time-slider button.time-live").ClickAsync();
        await viewer.WaitAsync($"() => twincity.replayAt === null && twincity.shownValue('{tile}', {index}) === 220", "back to live", TimeSpan.FromSeconds(5));
        Assert.Equal(liveColour, await viewer.Page.EvaluateAsync<int[]>($"() => twincity.featureColour('{tile}', {index})"));
        Assert.Empty(viewer.ConsoleErrors);
    }
}
