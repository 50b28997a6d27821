using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using TwinCity.Web.Auth;
using TwinCity.Web.Tests.Scenarios;

namespace TwinCity.Web.Tests.Browser;

/// <summary>Scenario mode in the viewer: a planner builds and analyses a scenario; the public opens a shared one and takes part.</summary>
[Collection(AppCollection.Name)]
public sealed class ScenarioTests(TwinCityAppFixture app, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private string PlannerUrl(string extra = "") => $"{app.BaseAddress}?mode=planner&lang=en&token={Uri.EscapeDataString(app.Tokens.Tokens[Roles.Planner])}{extra}";

    [Fact]
    public async Task Planner_creates_a_scenario_closes_a_selected_Monaco_street_analyses_it_and_sees_the_KPI_table()
    {
        using var anyone = app.CreateClient();
        var segment = await ScenarioCity.RoadSegmentAsync(anyone);
        var (segmentId, tile, feature) = (segment.GetProperty("id").GetString()!, segment.GetProperty("tile").GetString()!, segment.GetProperty("feature").GetInt32());
        await using var viewer = await ViewerPage.NewAsync(browser.Browser);
        await viewer.OpenAsync(PlannerUrl());

        await SelectAsync(viewer, anyone, tile, feature, segmentId, hideBuildings: true);
        await viewer.Page.FillAsync(".scenario-create .scenario-name", "Close a street");
        await viewer.Page.FillAsync(".scenario-create .scenario-assumptions", "Peak hour, one segment closed");
        await viewer.Page.ClickAsync(".scenario-create button[type=submit]");
        await viewer.WaitAsync("() => twincity.scenario.id && twincity.scenario.busy === 0", "scenario created and opened", TimeSpan.FromSeconds(20));
        await viewer.Page.ClickAsync("button.scenario-close-street");
        await Assertions.Expect(viewer.Page.Locator(".scenario-interventions")).ToContainTextAsync($"close-street {segmentId}");
        await viewer.Page.ClickAsync("button.scenario-analyse");

        await viewer.WaitAsync("() => twincity.scenario.kpis > 0 && twincity.scenario.busy === 0", "analysis shown", TimeSpan.FromSeconds(60));
        var table = viewer.Page.Locator("table.scenario-kpis");
        await Assertions.Expect(table).ToBeVisibleAsync();
        await Assertions.Expect(table.Locator("tbody tr[data-kpi=mean_trip]")).ToHaveCountAsync(1);
        var id = await viewer.Page.EvaluateAsync<string>("() => twincity.scenario.id");
        using var planner = PlannerClient();
        var analysis = await planner.GetFromJsonAsync<JsonElement>($"/api/scenarios/{id}/analysis");
        var (baseline, scenario) = ScenarioClient.Kpi(analysis, "mean_trip");
        var cells = table.Locator("tbody tr[data-kpi=mean_trip] td");
        Assert.Equal(baseline, double.Parse((await cells.Nth(0).GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture), 6);
        Assert.Equal(scenario, double.Parse((await cells.Nth(1).GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture), 6);
        Assert.Contains($"scenario={id}", await viewer.Page.EvaluateAsync<string>("() => location.search"));
        Assert.Empty(viewer.ConsoleErrors);
    }

    [Fact]
    public async Task Planner_sees_the_server_refusal_of_an_absurd_height_in_the_panel()
    {
        using var anyone = app.CreateClient();
        var (tile, count) = await CityProbe.BusiestTileAsync(anyone);
        var building = await CityProbe.FeatureIdAsync(anyone, tile, count / 2);
        using var planner = PlannerClient();
        var scenario = await ScenarioClient.CreateAsync(planner, "Absurd height");
        await using var viewer = await ViewerPage.NewAsync(browser.Browser);
        await viewer.OpenAsync(PlannerUrl($"&scenario={scenario.Id}"));
        await viewer.WaitAsync($"() => twincity.scenario.id === '{scenario.Id}' && twincity.scenario.busy === 0", "scenario opened from the URL");

        await SelectAsync(viewer, anyone, tile, count / 2, building, hideBuildings: false);
        await viewer.Page.FillAsync(".scenario-height-value", "5000");
        await viewer.Page.ClickAsync("button.scenario-height");

        var alert = viewer.Page.Locator(".scenario-panel [role=alert]").First;
        await Assertions.Expect(alert).ToContainTextAsync(building);
        Assert.Empty((await scenario.GetAsync()).GetProperty("interventions").EnumerateArray());
    }

    private HttpClient PlannerClient() => app.CreateClient(Roles.Planner);

    /// <summary>Frames a feature's tile (buildings hidden for a street or an edge), clicks the feature and waits for the selection.</summary>
    internal static async Task SelectAsync(ViewerPage viewer, HttpClient client, string tile, int feature, string entityId, bool hideBuildings)
    {
        if (hideBuildings)
        {
            await viewer.Page.UncheckAsync("input[data-layer=buildings]");
        }

        // Frame the tile with as much again to its west, so it lands right of the side panels.
        var b = (await CityProbe.CityAsync(client)).GetProperty("tiles").EnumerateArray().Single(t => t.GetProperty("id").GetString() == tile);
        var (minX, minY, maxX, maxY) = (b.GetProperty("minX").GetDouble(), b.GetProperty("minY").GetDouble(), b.GetProperty("maxX").GetDouble(), b.GetProperty("maxY").GetDouble());
        await viewer.Page.EvaluateAsync(string.Create(CultureInfo.InvariantCulture, $"() => twincity.lookAt({minX - (maxX - minX)}, {minY}, {maxX}, {maxY})"));
        await viewer.WaitAsync($"() => twincity.screenPointOf('{tile}', {feature}) !== null", $"feature {feature} of {tile} on screen");
        var point = await viewer.Page.EvaluateAsync<JsonElement>($"() => twincity.screenPointOf('{tile}', {feature})");
        await viewer.Page.Mouse.ClickAsync(point.GetProperty("x").GetSingle(), point.GetProperty("y").GetSingle());
        await viewer.WaitAsync($"() => twincity.selected && twincity.selected.id === '{entityId}'", $"{entityId} selected", TimeSpan.FromSeconds(15));
    }
}
