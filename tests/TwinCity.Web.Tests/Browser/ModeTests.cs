using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using TwinCity.Web.Auth;
using Xunit.Abstractions;

namespace TwinCity.Web.Tests.Browser;

/// <summary>The viewer's modes: the exhibition kiosk is read-only and resets itself; operators work their alerts.</summary>
[Collection(AppCollection.Name)]
public sealed class ModeTests(TwinCityAppFixture app, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    /// <summary>Every control that could write to the twin, whatever its label says.</summary>
    internal const string WriteControls = """
        () => {
          const marked = [...document.querySelectorAll('[data-write], input[type=file], input[type=password], form, textarea, [contenteditable=true]')];
          const labelled = [...document.querySelectorAll('button, [role=button], input[type=submit]')]
            .filter(b => /acknowledge|acquitter|edit|modifier|upload|téléverser|import|delete|supprimer|sign in|connecter|token|jeton/i.test((b.textContent || '') + ' ' + (b.getAttribute('aria-label') || '') + ' ' + (b.value || '')));
          return [...new Set([...marked, ...labelled])].map(e => e.outerHTML.slice(0, 120));
        }
        """;

    [Fact]
    public async Task Exhibit_shows_no_write_control_keeps_attribution_visible_and_resets_when_idle()
    {
        await using var viewer = await ViewerPage.NewAsync(browser.Browser);
        await viewer.OpenAsync($"{app.BaseAddress}?mode=exhibit&idle=4&lang=en");
        var home = await viewer.Page.EvaluateAsync<JsonElement>("() => twincity.camera");

        Assert.Empty(await viewer.Page.EvaluateAsync<string[]>(WriteControls));
        Assert.True(await viewer.Page.Locator("footer.attribution").IsVisibleAsync());
        await Assertions.Expect(viewer.Page.Locator("footer.attribution")).ToContainTextAsync("OpenStreetMap");
        Assert.Equal("20px", await viewer.Page.EvaluateAsync<string>("() => getComputedStyle(document.getElementById('app')).fontSize"));

        // A visitor picks a building, moves the camera, switches to French and opens the table.
        using var client = app.CreateClient();
        var (tile, count) = await CityProbe.BusiestTileAsync(client);
        var point = await viewer.Page.EvaluateAsync<JsonElement>($"() => twincity.screenPointOf('{tile}', {count / 2})");
        await viewer.Page.Mouse.ClickAsync(point.GetProperty("x").GetSingle(), point.GetProperty("y").GetSingle());
        await viewer.WaitAsync("() => twincity.selected && twincity.selected.id", "visitor's selection");
        await viewer.Page.Keyboard.PressAsync("w");
        await viewer.Page.Keyboard.PressAsync("+");
        await viewer.Page.SelectOptionAsync("select.settings-language", "fr");
        await viewer.Page.CheckAsync("input[data-setting=table]");
        Assert.Equal("fr", await viewer.Page.EvaluateAsync<string>("() => document.documentElement.lang"));
        var resets = await viewer.Page.EvaluateAsync<int>("() => twincity.resets");
        Assert.Empty(await viewer.Page.EvaluateAsync<string[]>(WriteControls));

        await viewer.WaitAsync($"() => twincity.resets > {resets}", "idle reset", TimeSpan.FromSeconds(15));

        var after = await viewer.Page.EvaluateAsync<JsonElement>("() => ({ selected: twincity.selected, language: twincity.language, lang: document.documentElement.lang, camera: twincity.camera, touring: twincity.touring, table: document.querySelector('.feature-table').hidden, panelEmpty: document.querySelector('aside').classList.contains('is-empty') })");
        output.WriteLine($"home {home}; after reset {after}");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("selected").ValueKind);
        Assert.Equal("en", after.GetProperty("language").GetString());
        Assert.Equal("en", after.GetProperty("lang").GetString());
        Assert.True(after.GetProperty("table").GetBoolean(), "the table view is still open after the reset");
        Assert.True(after.GetProperty("panelEmpty").GetBoolean(), "the panel still shows a building after the reset");
        Assert.True(after.GetProperty("touring").GetBoolean(), "the attract tour did not start");
        var camera = after.GetProperty("camera");
        foreach (var axis in new[] { "tx", "ty", "tz", "y" })
        {
            // The tour circles the home target at the home height: those stay put while it turns.
            Assert.InRange(camera.GetProperty(axis).GetDouble(), home.GetProperty(axis).GetDouble() - 1, home.GetProperty(axis).GetDouble() + 1);
        }

        await viewer.Page.Mouse.MoveAsync(5, 300);
        await viewer.Page.Mouse.DownAsync();
        await viewer.Page.Mouse.UpAsync();
        Assert.False(await viewer.Page.EvaluateAsync<bool>("() => twincity.touring"), "the tour goes on after a touch");
        Assert.Empty(viewer.ConsoleErrors);
    }

    [Fact]
    public async Task Exhibit_picks_a_building_by_touch()
    {
        await using var viewer = await ViewerPage.NewAsync(browser.Browser, new BrowserNewContextOptions { HasTouch = true, ViewportSize = new ViewportSize { Width = 1024, Height = 700 } });
        await viewer.OpenAsync($"{app.BaseAddress}?mode=exhibit");
        using var client = app.CreateClient();
        var (tile, count) = await CityProbe.BusiestTileAsync(client);
        var id = await CityProbe.FeatureIdAsync(client, tile, count / 4);
        var point = await viewer.Page.EvaluateAsync<JsonElement>($"() => twincity.screenPointOf('{tile}', {count / 4})");

        await viewer.Page.Touchscreen.TapAsync(point.GetProperty("x").GetSingle(), point.GetProperty("y").GetSingle());

        await viewer.WaitAsync($"() => twincity.selected && twincity.selected.id === '{id}'", "selection by touch", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Public_view_has_no_alerts_and_no_write_control_while_operator_without_token_is_asked_for_one()
    {
        await using var viewer = await ViewerPage.NewAsync(browser.Browser);
        await viewer.OpenAsync(app.BaseAddress.ToString());
        Assert.Empty(await viewer.Page.EvaluateAsync<string[]>(WriteControls));
        Assert.Equal(0, await viewer.Page.Locator(".alert-list").CountAsync());

        await viewer.Page.GotoAsync($"{app.BaseAddress}?mode=operator");
        await Assertions.Expect(viewer.Page.Locator("form.login-form input[type=password]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Operator_sees_a_real_alert_arrive_flies_to_its_building_and_acknowledges_it()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        (await operatorClient.PutAsJsonAsync("/api/alert-rules/viewer-power", new { metricId = "power_kw", condition = "above", threshold = 9000, staleSeconds = 0 })).EnsureSuccessStatusCode();
        try
        {
            var (tile, count) = await CityProbe.BusiestTileAsync(operatorClient);
            var index = count - 3;
            var entity = await CityProbe.FeatureIdAsync(operatorClient, tile, index);
            await using var viewer = await ViewerPage.NewAsync(browser.Browser);
            await viewer.OpenAsync($"{app.BaseAddress}?mode=operator&lang=en&token={Uri.EscapeDataString(app.Tokens.Tokens[Roles.Operator])}");
            await Assertions.Expect(viewer.Page.Locator(".alert-list")).ToBeVisibleAsync();

            (await operatorClient.PostAsJsonAsync("/api/readings", new[] { new { entity, metric = "power_kw", value = 9500.0, time = DateTimeOffset.UtcNow } })).EnsureSuccessStatusCode();

            var item = viewer.Page.Locator($"li.alert-item[data-rule-id='viewer-power'][data-entity-id='{entity}']");
            await Assertions.Expect(item).ToHaveAttributeAsync("data-state", "raised", new() { Timeout = 10_000 });
            await Assertions.Expect(item).ToContainTextAsync("power_kw");
            await viewer.WaitAsync("() => twincity.liveMessages.some(m => m.startsWith('New alert:'))", "alert announced in the live region", TimeSpan.FromSeconds(15));

            await item.Locator("button.alert-fly").ClickAsync();
            await viewer.WaitAsync($"() => twincity.selected && twincity.selected.id === '{entity}' && twincity.selected.tileId === '{tile}' && twincity.selected.featureIndex === {index}", "fly to the alert's building", TimeSpan.FromSeconds(10));

            await item.Locator("button.alert-ack").ClickAsync();
            await Assertions.Expect(item).ToHaveAttributeAsync("data-state", "acknowledged", new() { Timeout = 10_000 });
            var alerts = await operatorClient.GetFromJsonAsync<JsonElement>("/api/alerts");
            var alert = alerts.EnumerateArray().Single(a => a.GetProperty("ruleId").GetString() == "viewer-power" && a.GetProperty("entityId").GetString() == entity);
            Assert.Equal("acknowledged", alert.GetProperty("state").GetString());
            Assert.Empty(viewer.ConsoleErrors);
        }
        finally
        {
            await operatorClient.DeleteAsync("/api/alert-rules/viewer-power");
        }
    }
}
