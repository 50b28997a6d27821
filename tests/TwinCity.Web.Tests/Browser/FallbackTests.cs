using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using TwinCity.Web.Auth;
using Xunit.Abstractions;

namespace TwinCity.Web.Tests.Browser;

/// <summary>A Chromium with WebGL switched off, for the 2D fallback.</summary>
public sealed class NoWebGlBrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    /// <summary>The running browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("TWINCITY_CHROMIUM") ?? "/usr/bin/chromium";
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-webgl", "--disable-3d-apis", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>Without WebGL the viewer draws a 2D map of footprints, coloured live by the same data, and picks by click.</summary>
[Collection(AppCollection.Name)]
public sealed class FallbackTests(TwinCityAppFixture app, NoWebGlBrowserFixture browser, ITestOutputHelper output) : IClassFixture<NoWebGlBrowserFixture>
{
    [Fact]
    public async Task Without_webgl_a_2d_map_shows_footprints_coloured_live_and_picks_by_click()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        var (tile, count) = await CityProbe.BusiestTileAsync(operatorClient);
        var index = count / 2;
        var id = await CityProbe.FeatureIdAsync(operatorClient, tile, index);
        await using var viewer = await ViewerPage.NewAsync(browser.Browser);
        await viewer.OpenAsync($"{app.BaseAddress}?lang=en");

        Assert.False(await viewer.Page.EvaluateAsync<bool>("() => !!document.createElement('canvas').getContext('webgl2') || !!document.createElement('canvas').getContext('webgl')"), "WebGL is still available");
        var stats = await viewer.Page.EvaluateAsync<JsonElement>("() => ({ mode: twincity.mode, features: twincity.featureCount, drawn: twincity.featuresDrawn, error: twincity.lastError })");
        output.WriteLine(stats.ToString());
        Assert.Equal("2d", stats.GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Null, stats.GetProperty("error").ValueKind);
        var buildings = (await CityProbe.CityAsync(operatorClient)).GetProperty("tiles").EnumerateArray()
            .Where(t => !t.TryGetProperty("layer", out var l) || l.GetString() == "buildings").Sum(t => t.GetProperty("featureCount").GetInt32());
        Assert.Equal(buildings, stats.GetProperty("features").GetInt32());
        Assert.True(stats.GetProperty("drawn").GetInt32() > buildings * 9 / 10, $"{stats.GetProperty("drawn")} of {buildings} footprints drawn");

        var grey = await viewer.Page.EvaluateAsync<int[]>($"() => twincity.featureColour('{tile}', {index})");
        (await operatorClient.PostAsJsonAsync("/api/readings", new[] { new { entity = id, metric = "power_kw", value = 240.0 } })).EnsureSuccessStatusCode();
        await viewer.WaitAsync($"() => twincity.metricValue('{tile}', {index}, 'power_kw') === 240 && twincity.featureColour('{tile}', {index})[3] === 255", "live colour on the 2D map", TimeSpan.FromSeconds(10));
        Assert.NotEqual(grey, await viewer.Page.EvaluateAsync<int[]>($"() => twincity.featureColour('{tile}', {index})"));

        var point = await viewer.Page.EvaluateAsync<JsonElement>($"() => twincity.screenPointOf('{tile}', {index})");
        Assert.Equal(JsonValueKind.Object, point.ValueKind);
        await viewer.Page.Mouse.ClickAsync(point.GetProperty("x").GetSingle(), point.GetProperty("y").GetSingle());
        await viewer.WaitAsync($"() => twincity.selected && twincity.selected.id === '{id}'", "pick on the 2D map", TimeSpan.FromSeconds(10));
        await Assertions.Expect(viewer.Page.Locator("aside")).ToContainTextAsync(id);
        await Assertions.Expect(viewer.Page.Locator("aside")).ToContainTextAsync("240 kW");

        // The map really shows the data: the picked footprint's pixel has the highlight, others the palette.
        var screenshot = await viewer.Page.Locator("canvas.map-2d").ScreenshotAsync();
        Assert.True(screenshot.Length > 5_000, "the 2D map is blank");
        Assert.Empty(viewer.ConsoleErrors);
        Assert.All(viewer.Requests, url => Assert.True(url.StartsWith(app.BaseAddress.ToString(), StringComparison.Ordinal) || url.StartsWith("ws://127.0.0.1", StringComparison.Ordinal), url));
    }
}
