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
        await viewer.Page.FillAsync(".scenario-lanes-value", "2");
        await viewer.Page.ClickAsync("button.scenario-lanes");
        await Assertions.Expect(viewer.Page.Locator(".scenario-interventions")).ToContainTextAsync($"street-lanes {segmentId} = 2");
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
    public async Task Planner_draws_a_new_building_on_the_ground_and_it_lands_where_it_was_drawn()
    {
        using var anyone = app.CreateClient();
        var city = await CityProbe.CityAsync(anyone);
        var tiles = city.GetProperty("tiles").EnumerateArray().Where(t => !t.TryGetProperty("layer", out var l) || l.GetString() == "buildings").ToList();
        // South of every building (Monaco's south is the sea): nothing there to overlap.
        var east = tiles.Average(t => (t.GetProperty("minX").GetDouble() + t.GetProperty("maxX").GetDouble()) / 2);
        var north = tiles.Min(t => t.GetProperty("minY").GetDouble()) - 150;
        using var planner = PlannerClient();
        var scenario = await ScenarioClient.CreateAsync(planner, "Draw a building");
        await using var viewer = await ViewerPage.NewAsync(browser.Browser);
        await viewer.OpenAsync(PlannerUrl($"&scenario={scenario.Id}"));
        await viewer.WaitAsync($"() => twincity.scenario.id === '{scenario.Id}' && twincity.scenario.busy === 0", "draft opened from the URL");
        await viewer.Page.EvaluateAsync($"() => twincity.lookAt({east - 100}, {north - 100}, {east + 100}, {north + 100})");
        await viewer.Page.EvaluateAsync("() => twincity.renderNow()");

        await viewer.Page.ClickAsync("button.scenario-draw-building");
        var corners = new[] { (-10, -10), (10, -10), (10, 10), (-10, 10) }.Select(c => (East: east + c.Item1, North: north + c.Item2)).ToArray();
        foreach (var (e, n) in corners)
        {
            var point = await viewer.Page.EvaluateAsync<JsonElement>($"() => twincity.groundPoint({e.ToString(CultureInfo.InvariantCulture)}, {n.ToString(CultureInfo.InvariantCulture)})");
            Assert.True(point.ValueKind == JsonValueKind.Object, $"ground point {e:0}, {n:0} is not on the canvas");
            await viewer.Page.Mouse.ClickAsync((float)point.GetProperty("x").GetDouble(), (float)point.GetProperty("y").GetDouble());
        }

        await Assertions.Expect(viewer.Page.Locator(".scenario-draw-hint")).ToContainTextAsync("4 corners");
        await viewer.Page.FillAsync(".scenario-new-height", "30");
        await viewer.Page.ClickAsync("button.scenario-finish-drawing");
        await Assertions.Expect(viewer.Page.Locator(".scenario-interventions")).ToContainTextAsync("add-building scenario:building/");

        var added = (await scenario.GetAsync()).GetProperty("interventions").EnumerateArray().Single();
        Assert.Equal(30, added.GetProperty("value").GetDouble());
        var footprint = added.GetProperty("footprint").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(8, footprint.Length);
        for (var i = 0; i < corners.Length; i++)
        {
            // A click lands within a pixel of the point asked for: a metre or so at this zoom.
            Assert.InRange(footprint[2 * i], corners[i].East - 2, corners[i].East + 2);
            Assert.InRange(footprint[(2 * i) + 1], corners[i].North - 2, corners[i].North + 2);
        }

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

    [Fact]
    public async Task Planner_undoes_the_latest_intervention_then_publishes_from_the_panel_and_the_draft_tools_give_way_to_participation()
    {
        using var planner = PlannerClient();
        using var anyone = app.CreateClient();
        var segment = (await ScenarioCity.RoadSegmentAsync(anyone)).GetProperty("id").GetString()!;
        var scenario = await ScenarioClient.CreateAsync(planner, "Undo then publish");
        await scenario.ApplyOkAsync(new { kind = "street-lanes", targetId = segment, value = 1 });
        await scenario.ApplyOkAsync(new { kind = "close-street", targetId = segment });
        await using var viewer = await ViewerPage.NewAsync(browser.Browser);
        await viewer.OpenAsync(PlannerUrl($"&scenario={scenario.Id}"));
        await viewer.WaitAsync($"() => twincity.scenario.id === '{scenario.Id}' && twincity.scenario.busy === 0", "draft opened from the URL");
        await Assertions.Expect(viewer.Page.Locator(".scenario-interventions li")).ToHaveCountAsync(2);

        await viewer.Page.ClickAsync("button.scenario-undo");
        await Assertions.Expect(viewer.Page.Locator(".scenario-interventions li")).ToHaveCountAsync(1);
        await Assertions.Expect(viewer.Page.Locator(".scenario-interventions")).ToContainTextAsync("street-lanes");
        await viewer.Page.ClickAsync("button.scenario-publish");

        await Assertions.Expect(viewer.Page.Locator(".scenario-draft")).ToHaveCountAsync(0);
        await Assertions.Expect(viewer.Page.Locator("form.comment-form")).ToBeVisibleAsync();
        var stored = await scenario.GetAsync();
        Assert.Equal(JsonValueKind.String, stored.GetProperty("published").ValueKind);
        Assert.Equal("street-lanes", Assert.Single(stored.GetProperty("interventions").EnumerateArray()).GetProperty("kind").GetString());
        // A scenario never analysed answers 404 to GET …/analysis (the API's "not analysed"); Chromium logs that.
        Assert.DoesNotContain(viewer.ConsoleErrors, e => !e.Contains("status of 404", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Public_link_to_a_published_scenario_shows_its_KPI_table_and_colours_the_largest_change_by_its_sign()
    {
        using var planner = PlannerClient();
        using var anyone = app.CreateClient();
        var (id, analysis) = await PublishedSlowdownAsync(planner, anyone, "Shared slowdown");
        var changes = analysis.GetProperty("differences").EnumerateArray().Where(d => d.GetProperty("scenario").GetDouble() != d.GetProperty("baseline").GetDouble()).ToList();
        Assert.True(changes.Count > 0, $"slowing a road should change its travel time: {analysis}");
        var largest = changes.MaxBy(d => Math.Abs(d.GetProperty("scenario").GetDouble() - d.GetProperty("baseline").GetDouble()));
        var metric = largest.GetProperty("metric").GetString()!;
        var rises = largest.GetProperty("scenario").GetDouble() > largest.GetProperty("baseline").GetDouble();
        var entity = await anyone.GetFromJsonAsync<JsonElement>($"/api/entities/{Uri.EscapeDataString(largest.GetProperty("entityId").GetString()!)}");
        var (tile, feature) = (entity.GetProperty("tile").GetString()!, entity.GetProperty("feature").GetInt32());

        await using var viewer = await ViewerPage.NewAsync(browser.Browser);
        await viewer.OpenAsync($"{app.BaseAddress}?lang=en&scenario={id}");
        await viewer.WaitAsync("() => twincity.scenario.kpis > 0 && twincity.scenario.placed > 0 && twincity.scenario.busy === 0", "shared scenario analysed on screen");
        Assert.Equal(analysis.GetProperty("kpis").GetArrayLength(), await viewer.Page.Locator("table.scenario-kpis tbody tr").CountAsync());
        Assert.Equal("difference", await viewer.Page.EvaluateAsync<string>("() => twincity.scenario.view"));
        await viewer.Page.SelectOptionAsync("select.scenario-metric", metric);
        await viewer.WaitAsync($"() => twincity.scenario.metric === '{metric}' && twincity.scenario.busy === 0", $"coloured by {metric}");
        await viewer.Page.UncheckAsync("input[data-layer=buildings]");
        var b = (await CityProbe.CityAsync(anyone)).GetProperty("tiles").EnumerateArray().Single(t => t.GetProperty("id").GetString() == tile);
        await viewer.Page.EvaluateAsync(string.Create(CultureInfo.InvariantCulture, $"() => twincity.lookAt({b.GetProperty("minX").GetDouble()}, {b.GetProperty("minY").GetDouble()}, {b.GetProperty("maxX").GetDouble()}, {b.GetProperty("maxY").GetDouble()})"));
        await viewer.WaitAsync($"() => twincity.featureColour('{tile}', {feature}) !== null && twincity.featuresColoured > 0", "the changed segment's tile loaded and coloured");

        var colour = await viewer.Page.EvaluateAsync<int[]>($"() => twincity.featureColour('{tile}', {feature})");
        Assert.Equal(255, colour[3]);
        Assert.True(rises ? colour[0] > colour[2] + 50 : colour[2] > colour[0] + 50, $"{largest}: expected {(rises ? "red" : "blue")}, found rgb({colour[0]}, {colour[1]}, {colour[2]})");
        await viewer.Page.CheckAsync("input[name=scenario-view][value=today]");
        await viewer.WaitAsync($"() => twincity.scenario.view === 'today' && twincity.featureColour('{tile}', {feature}).join() !== '{string.Join(",", colour)}'", "today's flow in the sequential palette");
        Assert.Empty(await viewer.Page.Locator(".scenario-draft").AllAsync());
        Assert.Empty(viewer.ConsoleErrors);
    }

    [Fact]
    public async Task Public_comments_and_votes_on_a_published_scenario_and_a_planner_hides_a_comment_the_public_then_no_longer_sees()
    {
        using var planner = PlannerClient();
        using var anyone = app.CreateClient();
        var (id, _) = await PublishedSlowdownAsync(planner, anyone, "Discussed slowdown");
        // Unique, and letters only: a random hex id can hold a run of digits the server rightly takes for a phone number.
        var text = $"Good for walking {string.Concat(Guid.NewGuid().ToString("N").Select(c => (char)('a' + (Convert.ToInt32(c.ToString(), 16)))))}";

        await using (var citizen = await ViewerPage.NewAsync(browser.Browser))
        {
            await citizen.OpenAsync($"{app.BaseAddress}?lang=en&scenario={id}");
            var form = citizen.Page.Locator("form.comment-form");
            await form.Locator("textarea").FillAsync("Write to me at someone@example.org");
            await form.Locator("button[type=submit]").ClickAsync();
            await Assertions.Expect(citizen.Page.Locator(".scenario-participation [role=alert]")).Not.ToBeEmptyAsync();
            Assert.Equal(1000, await form.Locator("textarea").EvaluateAsync<int>("t => { t.value = 'x'.repeat(1000); return t.value.length; }"));
            Assert.Equal(500, await form.Locator("textarea").GetAttributeAsync("maxlength").ContinueWith(t => int.Parse(t.Result!, CultureInfo.InvariantCulture)));

            await form.Locator("textarea").FillAsync(text);
            await form.Locator("button[type=submit]").ClickAsync();
            try
            {
                await Assertions.Expect(citizen.Page.Locator(".participation-status")).ToHaveTextAsync("Thank you: your comment is posted.");
            }
            catch (PlaywrightException)
            {
                Assert.Fail($"the comment was not posted: {await citizen.Page.Locator(".participation-error").TextContentAsync()}");
            }

            await Assertions.Expect(citizen.Page.Locator(".scenario-comments")).ToContainTextAsync(text);
            await citizen.Page.ClickAsync("button.vote-support");
            await Assertions.Expect(citizen.Page.Locator("button.vote-support")).ToHaveTextAsync("Support (1)");
            await Assertions.Expect(citizen.Page.Locator("button.vote-oppose")).ToHaveTextAsync("Oppose (0)");
            Assert.Empty(await citizen.Page.Locator("button.comment-hide").AllAsync());
        }

        await using (var officer = await ViewerPage.NewAsync(browser.Browser))
        {
            await officer.OpenAsync(PlannerUrl($"&scenario={id}"));
            var ours = officer.Page.Locator(".scenario-comments li.comment", new() { HasText = text });
            await ours.Locator("button.comment-hide").ClickAsync();
            await Assertions.Expect(ours).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-hidden"));
        }

        await using var later = await ViewerPage.NewAsync(browser.Browser);
        await later.OpenAsync($"{app.BaseAddress}?lang=en&scenario={id}");
        await Assertions.Expect(later.Page.Locator("button.vote-support")).ToHaveTextAsync("Support (1)");
        await Assertions.Expect(later.Page.Locator(".scenario-comments")).Not.ToContainTextAsync(text);
    }

    [Fact]
    public async Task Swipe_comparison_draws_today_and_the_scenario_in_each_frame_and_its_divider_moves_from_the_keyboard()
    {
        using var planner = PlannerClient();
        using var anyone = app.CreateClient();
        var (id, analysis) = await PublishedSlowdownAsync(planner, anyone, "Swiped slowdown");
        await using var viewer = await ViewerPage.NewAsync(browser.Browser);
        await viewer.OpenAsync($"{app.BaseAddress}?lang=en&scenario={id}");
        await viewer.WaitAsync("() => twincity.scenario.placed > 0 && twincity.scenario.busy === 0", "shared scenario coloured");
        var single = await viewer.Page.EvaluateAsync<int>("() => twincity.renderNow()");

        await viewer.Page.CheckAsync("input.swipe-toggle");
        Assert.Equal(0.5, await viewer.Page.EvaluateAsync<double>("() => twincity.scenario.split"));
        // One synchronous evaluation, so the page's own animation frame cannot paint in between.
        var frame = await viewer.Page.EvaluateAsync<JsonElement>("""
            () => {
              const before = twincity.scenario.splitPaints;
              const calls = twincity.renderNow();
              return { calls, paints: twincity.scenario.splitPaints - before };
            }
            """);
        var split = frame.GetProperty("calls").GetInt32();
        Assert.Equal(2, frame.GetProperty("paints").GetInt32());
        Assert.True(split > single, $"a swiped frame should draw both halves: {split} draw calls, {single} without");
        await Assertions.Expect(viewer.Page.Locator(".swipe-line")).ToBeVisibleAsync();

        // Pixels: with the divider in the middle, the left half is the frame drawn all in today's
        // colours and the right half the frame drawn all in the scenario's.
        await FrameChangedSegmentAsync(viewer, anyone, analysis);
        var halves = await viewer.Page.EvaluateAsync<JsonElement>("""
            async () => {
              const range = document.querySelector('input.swipe-range');
              const grab = (at) => {
                range.value = String(at); range.dispatchEvent(new Event('input'));
                twincity.renderNow();
                const c = document.querySelector('canvas.viewer-canvas');
                const g = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
                g.canvas.width = c.width; g.canvas.height = c.height; g.drawImage(c, 0, 0);
                return { w: c.width, h: c.height, d: g.getImageData(0, 0, c.width, c.height).data };
              };
              const today = grab(1), scenario = grab(0), half = grab(0.5);
              const differ = (a, b, from, to) => {
                let n = 0;
                for (let y = 0; y < a.h; y++) for (let x = from; x < to; x++) {
                  const i = 4 * (y * a.w + x);
                  if (Math.abs(a.d[i] - b.d[i]) + Math.abs(a.d[i + 1] - b.d[i + 1]) + Math.abs(a.d[i + 2] - b.d[i + 2]) > 24) n++;
                }
                return n;
              };
              const mid = Math.round(half.w / 2);
              return {
                todayVsScenario: differ(today, scenario, 0, half.w),
                leftVsToday: differ(half, today, 0, mid - 2), rightVsScenario: differ(half, scenario, mid + 2, half.w),
                leftVsScenario: differ(half, scenario, 0, mid - 2), rightVsToday: differ(half, today, mid + 2, half.w),
              };
            }
            """);
        var changed = halves.GetProperty("todayVsScenario").GetInt32();
        Assert.True(changed > 20, $"today and the scenario should look different on screen: {halves}");
        Assert.True(halves.GetProperty("leftVsToday").GetInt32() * 20 < Math.Max(1, halves.GetProperty("leftVsScenario").GetInt32() + halves.GetProperty("rightVsToday").GetInt32()), $"left half should be today, right half the scenario: {halves}");
        Assert.True(halves.GetProperty("rightVsScenario").GetInt32() <= 5 && halves.GetProperty("leftVsToday").GetInt32() <= 5, $"each half should match its full frame: {halves}");

        await viewer.Page.Locator("input.swipe-range").FocusAsync();
        await viewer.Page.Keyboard.PressAsync("ArrowLeft");
        await viewer.Page.Keyboard.PressAsync("ArrowLeft");
        Assert.Equal(0.46, await viewer.Page.EvaluateAsync<double>("() => twincity.scenario.split"), 6);
        Assert.Equal("46%", await viewer.Page.EvaluateAsync<string>("() => document.querySelector('.swipe-line').style.left"));

        await viewer.Page.UncheckAsync("input.swipe-toggle");
        Assert.Null(await viewer.Page.EvaluateAsync<double?>("() => twincity.scenario.split"));
        await Assertions.Expect(viewer.Page.Locator(".swipe-line")).ToBeHiddenAsync();
        Assert.Empty(viewer.ConsoleErrors);
    }

    /// <summary>Colours by the metric of the largest change and frames that entity's tile (buildings hidden), half of the view to its west.</summary>
    private static async Task FrameChangedSegmentAsync(ViewerPage viewer, HttpClient client, JsonElement analysis)
    {
        var largest = analysis.GetProperty("differences").EnumerateArray().MaxBy(d => Math.Abs(d.GetProperty("scenario").GetDouble() - d.GetProperty("baseline").GetDouble()));
        var metric = largest.GetProperty("metric").GetString()!;
        await viewer.Page.SelectOptionAsync("select.scenario-metric", metric);
        await viewer.WaitAsync($"() => twincity.scenario.metric === '{metric}' && twincity.scenario.busy === 0", $"coloured by {metric}");
        var entity = await client.GetFromJsonAsync<JsonElement>($"/api/entities/{Uri.EscapeDataString(largest.GetProperty("entityId").GetString()!)}");
        var tile = entity.GetProperty("tile").GetString()!;
        await viewer.Page.UncheckAsync("input[data-layer=buildings]");
        var b = (await CityProbe.CityAsync(client)).GetProperty("tiles").EnumerateArray().Single(t => t.GetProperty("id").GetString() == tile);
        var (minX, minY, maxX, maxY) = (b.GetProperty("minX").GetDouble(), b.GetProperty("minY").GetDouble(), b.GetProperty("maxX").GetDouble(), b.GetProperty("maxY").GetDouble());
        await viewer.Page.EvaluateAsync(string.Create(CultureInfo.InvariantCulture, $"() => twincity.lookAt({minX}, {minY}, {maxX}, {maxY})"));
        await viewer.WaitAsync($"() => twincity.ready && twincity.featureColour('{tile}', {entity.GetProperty("feature").GetInt32()}) !== null", "changed entity's tile loaded");
    }

    /// <summary>A published scenario slowing a real road segment to 5 km/h (its travel time must rise), analysed: its id and analysis.</summary>
    internal static async Task<(string Id, JsonElement Analysis)> PublishedSlowdownAsync(HttpClient planner, HttpClient anyone, string name)
    {
        var segment = (await ScenarioCity.RoadSegmentAsync(anyone)).GetProperty("id").GetString()!;
        var scenario = await ScenarioClient.CreateAsync(planner, name);
        await scenario.ApplyOkAsync(new { kind = "street-speed", targetId = segment, value = 5 });
        var analysis = await scenario.AnalyseAsync();
        await scenario.PublishAsync();
        return (scenario.Id, analysis);
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
