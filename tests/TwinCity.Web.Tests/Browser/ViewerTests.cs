using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Tests.Browser;

[Collection(AppCollection.Name)]
public sealed class ViewerTests(TwinCityAppFixture app, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private readonly List<string> _requests = [];
    private readonly List<string> _consoleErrors = [];
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1024, Height = 700 } });
        _page = await _context.NewPageAsync();
        _page.Request += (_, request) => _requests.Add(request.Url);
        _page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _consoleErrors.Add(message.Text);
            }
        };
        await _page.GotoAsync(app.BaseAddress.ToString());
        try
        {
            await _page.WaitForFunctionAsync("() => window.twincity && window.twincity.ready === true", null,
                new PageWaitForFunctionOptions { Timeout = (float)ReadyTimeout.TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            var state = await _page.EvaluateAsync<string>("() => JSON.stringify(window.twincity ?? null)");
            throw new TimeoutException($"Viewer ready: expected twincity.ready within {ReadyTimeout}, state {state}; console errors: {string.Join(" | ", _consoleErrors)}");
        }
    }

    public async Task DisposeAsync() => await _context.CloseAsync();

    [Fact]
    public async Task City_renders_with_about_one_draw_call_per_tile_not_one_per_building()
    {
        using var client = app.CreateClient();
        var city = await CityProbe.CityAsync(client);
        var tiles = city.GetProperty("tiles").EnumerateArray().ToList();
        var buildings = tiles.Sum(t => t.GetProperty("featureCount").GetInt32());

        var stats = await _page.EvaluateAsync<JsonElement>("() => ({ drawCalls: twincity.drawCalls, tilesLoaded: twincity.tilesLoaded, featureCount: twincity.featureCount })");

        Assert.Equal(tiles.Count, stats.GetProperty("tilesLoaded").GetInt32());
        Assert.Equal(buildings, stats.GetProperty("featureCount").GetInt32());
        var drawCalls = stats.GetProperty("drawCalls").GetInt32();
        output.WriteLine($"{buildings} buildings in {tiles.Count} tiles: {drawCalls} draw calls per frame");
        Assert.InRange(drawCalls, 1, tiles.Count + 4);
        Assert.True(drawCalls * 10 < buildings, $"{drawCalls} draw calls for {buildings} buildings");
    }

    [Fact]
    public async Task Canvas_shows_a_city_not_a_blank_screen()
    {
        var screenshot = await _page.Locator("canvas").First.ScreenshotAsync();

        var colours = await _page.EvaluateAsync<int>(
            """
            async (b64) => {
              const img = new Image(); img.src = 'data:image/png;base64,' + b64; await img.decode();
              const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
              const g = c.getContext('2d'); g.drawImage(img, 0, 0);
              const d = g.getImageData(0, 0, c.width, c.height).data; const seen = new Set();
              for (let i = 0; i < d.length; i += 4 * 7) seen.add((d[i] >> 3) << 10 | (d[i + 1] >> 3) << 5 | (d[i + 2] >> 3));
              return seen.size;
            }
            """, Convert.ToBase64String(screenshot));

        Assert.True(colours > 20, $"canvas has only {colours} distinct colours: nothing rendered");
    }

    [Fact]
    public async Task Live_reading_reaches_the_page_and_colours_the_feature()
    {
        using var client = app.CreateClient(Roles.Operator);
        var (tile, count) = await CityProbe.BusiestTileAsync(client);
        var index = count / 2;
        var id = await CityProbe.FeatureIdAsync(client, tile, index);
        var coloured = await _page.EvaluateAsync<int>("() => twincity.featuresColoured");
        var frames = await _page.EvaluateAsync<int>("() => twincity.framesReceived");

        (await client.PostAsJsonAsync("/api/readings", new[] { new { entity = id, metric = "power_kw", value = 222.5 } })).EnsureSuccessStatusCode();

        await _page.WaitForFunctionAsync($"() => twincity.metricValue('{tile}', {index}, 'power_kw') === 222.5", null,
            new PageWaitForFunctionOptions { Timeout = 10_000 });
        Assert.True(await _page.EvaluateAsync<int>("() => twincity.framesReceived") > frames);
        Assert.True(await _page.EvaluateAsync<int>("() => twincity.featuresColoured") >= Math.Max(1, coloured));
    }

    [Fact]
    public async Task Click_on_a_building_selects_it_and_shows_its_id_and_height()
    {
        using var client = app.CreateClient();
        var (tile, count) = await CityProbe.BusiestTileAsync(client);
        var index = count / 3;
        var id = await CityProbe.FeatureIdAsync(client, tile, index);
        var point = await _page.EvaluateAsync<JsonElement>($"() => twincity.screenPointOf('{tile}', {index})");
        Assert.Equal(JsonValueKind.Object, point.ValueKind);

        var (x, y) = (point.GetProperty("x").GetSingle(), point.GetProperty("y").GetSingle());
        await _page.Mouse.ClickAsync(x, y);

        try
        {
            await _page.WaitForFunctionAsync("() => twincity.selected && twincity.selected.id", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            var state = await _page.EvaluateAsync<string>($"() => JSON.stringify({{ selected: twincity.selected, lastError: twincity.lastError, under: document.elementFromPoint({x}, {y})?.tagName }})");
            throw new TimeoutException($"Click at ({x}, {y}) on {tile}#{index} ({id}): expected a selection within 10 s, state {state}");
        }

        Assert.Equal(id, await _page.EvaluateAsync<string>("() => twincity.selected.id"));
        await Assertions.Expect(_page.Locator("aside")).ToContainTextAsync(id);
    }

    [Fact]
    public void Page_makes_no_request_outside_the_twin()
    {
        var outside = _requests.Where(url => !url.StartsWith(app.BaseAddress.ToString(), StringComparison.Ordinal)
            && !url.StartsWith("data:", StringComparison.Ordinal) && !url.StartsWith("blob:", StringComparison.Ordinal)
            && !url.StartsWith(app.BaseAddress.ToString().Replace("http", "ws", StringComparison.Ordinal), StringComparison.Ordinal));

        Assert.Empty(outside);
        Assert.Empty(_consoleErrors);
    }
}
