using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using TwinCity.Web.Auth;
using Xunit.Abstractions;

namespace TwinCity.Web.Tests.Browser;

/// <summary>Keyboard use without a mouse, the live region, the table view, motion and contrast options, and axe-core in every mode.</summary>
[Collection(AppCollection.Name)]
public sealed class AccessibilityTests(TwinCityAppFixture app, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private string ModeUrl(string mode) => mode switch
    {
        "operator" or "planner" => $"{app.BaseAddress}?mode={mode}&lang=en&token={Uri.EscapeDataString(app.Tokens.Tokens[mode])}",
        "public" => $"{app.BaseAddress}?lang=en",
        _ => $"{app.BaseAddress}?mode={mode}&lang=en",
    };

    [Theory]
    [InlineData("public")]
    [InlineData("operator")]
    [InlineData("planner")]
    [InlineData("exhibit")]
    public async Task Axe_finds_no_serious_or_critical_violation(string mode)
    {
        await using var viewer = await ViewerPage.NewAsync(browser.Browser);
        await viewer.OpenAsync(ModeUrl(mode));
        // Open what a user would open: a building's panel and the table view.
        await viewer.Page.Locator("canvas").FocusAsync();
        await viewer.Page.Keyboard.PressAsync("n");
        await viewer.Page.Keyboard.PressAsync("Enter");
        await viewer.WaitAsync("() => twincity.selected && twincity.selected.id && twincity.historyPoints >= 0 && !document.querySelector('aside').textContent.includes('Loading')", "panel open");
        await viewer.Page.CheckAsync("input[data-setting=table]");
        await viewer.WaitAsync("() => document.querySelectorAll('.feature-table tbody tr').length > 0", "table filled");

        await viewer.Page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = Path.Combine(RepoPaths.Web, "viewer", "node_modules", "axe-core", "axe.min.js") });
        var violations = await viewer.Page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary) }))
            """);
        output.WriteLine($"{mode}: {violations}");
        Assert.True(violations.GetArrayLength() == 0, $"{mode}: {violations}");
    }

    [Theory]
    [InlineData("public")]
    [InlineData("planner")]
    public async Task Axe_finds_no_serious_or_critical_violation_with_a_scenario_open(string mode)
    {
        using var planner = app.CreateClient(Roles.Planner);
        using var anyone = app.CreateClient();
        var (id, _) = await ScenarioTests.PublishedSlowdownAsync(planner, anyone, $"Accessible scenario ({mode})");
        (await anyone.PostAsJsonAsync($"/api/scenarios/{id}/comments", new { text = "Quieter streets, please." })).EnsureSuccessStatusCode();
        await using var viewer = await ViewerPage.NewAsync(browser.Browser);
        await viewer.OpenAsync($"{ModeUrl(mode)}&scenario={id}");
        await viewer.WaitAsync("() => twincity.scenario.kpis > 0 && twincity.scenario.busy === 0 && document.querySelectorAll('.scenario-comments li.comment').length > 0", "scenario, analysis and comments shown");

        await viewer.Page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = Path.Combine(RepoPaths.Web, "viewer", "node_modules", "axe-core", "axe.min.js") });
        var violations = await viewer.Page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary) }))
            """);
        output.WriteLine($"{mode} with a scenario: {violations}");
        Assert.True(violations.GetArrayLength() == 0, $"{mode} with a scenario: {violations}");
    }

    [Fact]
    public async Task Keyboard_alone_moves_the_camera_picks_a_building_opens_its_panel_and_closes_it()
    {
        await using var viewer = await ViewerPage.NewAsync(browser.Browser);
        await viewer.OpenAsync($"{app.BaseAddress}?lang=en");
        var before = await viewer.Page.EvaluateAsync<JsonElement>("() => twincity.camera");

        // The canvas is the first stop of the tab order.
        await viewer.Page.Keyboard.PressAsync("Tab");
        Assert.Equal("CANVAS", await viewer.Page.EvaluateAsync<string>("() => document.activeElement.tagName"));
        await viewer.Page.Keyboard.PressAsync("ArrowUp");
        await viewer.Page.Keyboard.PressAsync("d");
        await viewer.Page.Keyboard.PressAsync("+");
        var moved = await viewer.Page.EvaluateAsync<JsonElement>("() => twincity.camera");
        Assert.NotEqual(before.GetProperty("tx").GetDouble(), moved.GetProperty("tx").GetDouble());
        var distance = (JsonElement c) => Math.Sqrt(Math.Pow(c.GetProperty("x").GetDouble() - c.GetProperty("tx").GetDouble(), 2) + Math.Pow(c.GetProperty("y").GetDouble() - c.GetProperty("ty").GetDouble(), 2) + Math.Pow(c.GetProperty("z").GetDouble() - c.GetProperty("tz").GetDouble(), 2));
        Assert.True(distance(moved) < distance(before) * 0.9, $"+ did not zoom in: {distance(before)} -> {distance(moved)}");

        await viewer.Page.Keyboard.PressAsync("n");
        await viewer.Page.Keyboard.PressAsync("n");
        var focused = await viewer.Page.EvaluateAsync<JsonElement>("() => twincity.focused");
        Assert.Equal(JsonValueKind.Object, focused.ValueKind);
        await viewer.Page.Keyboard.PressAsync("Enter");
        await viewer.WaitAsync("() => twincity.selected && twincity.selected.id", "Enter opens the focused feature", TimeSpan.FromSeconds(10));
        using var client = app.CreateClient();
        var id = await CityProbe.FeatureIdAsync(client, focused.GetProperty("tileId").GetString()!, focused.GetProperty("featureIndex").GetInt32());
        Assert.Equal(id, await viewer.Page.EvaluateAsync<string>("() => twincity.selected.id"));
        await Assertions.Expect(viewer.Page.Locator("aside")).ToContainTextAsync(id);
        await viewer.WaitAsync("() => twincity.liveMessages.some(m => m.startsWith('Selected '))", "selection said in the live region", TimeSpan.FromSeconds(15));

        await viewer.Page.Keyboard.PressAsync("Escape");
        await viewer.WaitAsync("() => twincity.selected === null && document.querySelector('aside').classList.contains('is-empty')", "Escape closes the panel", TimeSpan.FromSeconds(5));
        Assert.Empty(viewer.ConsoleErrors);
    }

    [Fact]
    public async Task Table_view_lists_features_in_view_with_live_values_sorts_by_column_and_opens_a_row_from_the_keyboard()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        var (tile, count) = await CityProbe.BusiestTileAsync(operatorClient);
        await using var viewer = await ViewerPage.NewAsync(browser.Browser);
        await viewer.OpenAsync($"{app.BaseAddress}?lang=en");
        var id = await CityProbe.FeatureIdAsync(operatorClient, tile, 7);
        (await operatorClient.PostAsJsonAsync("/api/readings", new[] { new { entity = id, metric = "power_kw", value = 4321.0 } })).EnsureSuccessStatusCode();
        await viewer.WaitAsync($"() => twincity.metricValue('{tile}', 7, 'power_kw') === 4321", "live value");

        await viewer.Page.CheckAsync("input[data-setting=table]");
        var rows = viewer.Page.Locator(".feature-table tbody tr");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        Assert.InRange(await rows.CountAsync(), 1, 200);
        var header = viewer.Page.Locator(".feature-table th:has(button[data-sort='0'])");
        await header.Locator("button").FocusAsync();
        await viewer.Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(header).ToHaveAttributeAsync("aria-sort", "ascending");
        await viewer.Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(header).ToHaveAttributeAsync("aria-sort", "descending");

        var values = await viewer.Page.EvaluateAsync<double[]>("() => [...document.querySelectorAll('.feature-table tbody tr')].map(r => Number(r.querySelectorAll('td')[1].dataset.value)).filter(v => !Number.isNaN(v))");
        Assert.NotEmpty(values);
        Assert.Equal(values.OrderByDescending(v => v), values);
        Assert.Contains(4321, values);
        // Other tests share the twin: our building is the row with our value, wherever it sorts.
        var ours = viewer.Page.Locator($".feature-table tbody tr:has(button[data-feature='{tile}#7'])");
        Assert.Equal("4321", await ours.Locator("td[data-value]").First.GetAttributeAsync("data-value"));

        await ours.Locator("th button").FocusAsync();
        await viewer.Page.Keyboard.PressAsync("Enter");
        await viewer.WaitAsync($"() => twincity.selected && twincity.selected.id === '{id}'", "row opens its feature", TimeSpan.FromSeconds(10));
        Assert.Empty(viewer.ConsoleErrors);
    }

    [Fact]
    public async Task Live_region_summarises_the_city_in_words()
    {
        await using var viewer = await ViewerPage.NewAsync(browser.Browser);
        await viewer.OpenAsync($"{app.BaseAddress}?lang=en");
        await viewer.WaitAsync("() => twincity.liveMessages.some(m => m.startsWith('Monaco'))", "city summary", TimeSpan.FromSeconds(20));
        var region = viewer.Page.Locator(".live-region");
        Assert.Equal("polite", await region.GetAttributeAsync("aria-live"));
        Assert.StartsWith("Monaco", await region.TextContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reduced_motion_stops_the_tour_and_flights_and_high_contrast_darkens_the_page()
    {
        await using var viewer = await ViewerPage.NewAsync(browser.Browser, new BrowserNewContextOptions { ReducedMotion = ReducedMotion.Reduce, ViewportSize = new ViewportSize { Width = 1024, Height = 700 } });
        await viewer.OpenAsync($"{app.BaseAddress}?mode=exhibit&idle=2&lang=en");
        Assert.True(await viewer.Page.EvaluateAsync<bool>("() => twincity.reducedMotion"), "prefers-reduced-motion was not followed");
        Assert.True(await viewer.Page.IsCheckedAsync("input[data-setting=reducedMotion]"));
        await viewer.WaitAsync("() => twincity.resets > 0", "idle reset", TimeSpan.FromSeconds(10));
        var camera = await viewer.Page.EvaluateAsync<string>("() => JSON.stringify(twincity.camera)");
        await viewer.Page.WaitForTimeoutAsync(500);
        Assert.False(await viewer.Page.EvaluateAsync<bool>("() => twincity.touring"), "the attract tour runs with reduced motion");
        Assert.Equal(camera, await viewer.Page.EvaluateAsync<string>("() => JSON.stringify(twincity.camera)"));

        await viewer.Page.CheckAsync("input[data-setting=highContrast]");
        Assert.True(await viewer.Page.EvaluateAsync<bool>("() => twincity.highContrast"));
        Assert.Equal("rgb(0, 0, 0)", await viewer.Page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('aside')).backgroundColor"));
    }
}
