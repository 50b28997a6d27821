using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Tests.Scenarios;

[Collection(AppCollection.Name)]
public sealed class ScenarioAnalysisApiTests(TwinCityAppFixture app)
{
    [Fact]
    public async Task Slowing_a_real_road_lengthens_its_travel_time_and_the_public_reads_the_analysis_once_published()
    {
        using var planner = app.CreateClient(Roles.Planner);
        using var anyone = app.CreateClient();
        var segment = (await ScenarioCity.RoadSegmentAsync(anyone)).GetProperty("id").GetString()!;
        var scenario = await ScenarioClient.CreateAsync(planner, "Slow road");
        await scenario.ApplyOkAsync(new { kind = "street-speed", targetId = segment, value = 5 });

        var analysis = await scenario.AnalyseAsync();
        var draftForPublic = await anyone.GetAsync($"/api/scenarios/{scenario.Id}/analysis");
        await scenario.PublishAsync();
        var published = await anyone.GetFromJsonAsync<JsonElement>($"/api/scenarios/{scenario.Id}/analysis");

        var (before, after) = Assert.Single(ScenarioClient.Differences(analysis, segment, "travel_time"));
        Assert.True(after > before, $"travel time of {segment}: expected more than {before} s at 5 km/h, found {after} s");
        var (baseTrip, _) = ScenarioClient.Kpi(analysis, "mean_trip");
        Assert.True(baseTrip > 0, "baseline mean trip time should be positive on Monaco's streets");
        Assert.Equal(HttpStatusCode.NotFound, draftForPublic.StatusCode);
        Assert.Equal(analysis.GetProperty("kpis").ToString(), published.GetProperty("kpis").ToString());
    }

    [Fact]
    public async Task An_edit_drops_the_stored_analysis_and_a_closure_reanalysed_keeps_the_cached_baseline()
    {
        using var planner = app.CreateClient(Roles.Planner);
        var segment = (await ScenarioCity.RoadSegmentAsync(planner)).GetProperty("id").GetString()!;
        var scenario = await ScenarioClient.CreateAsync(planner, "Closure");
        await scenario.ApplyOkAsync(new { kind = "street-lanes", targetId = segment, value = 1 });
        var first = await scenario.AnalyseAsync();

        await scenario.ApplyOkAsync(new { kind = "close-street", targetId = segment });
        var stale = await planner.GetAsync($"/api/scenarios/{scenario.Id}/analysis");
        var closed = await scenario.AnalyseAsync();

        Assert.Equal(HttpStatusCode.NotFound, stale.StatusCode);
        Assert.Equal(ScenarioClient.Kpi(first, "mean_trip").Baseline, ScenarioClient.Kpi(closed, "mean_trip").Baseline);
        Assert.All(ScenarioClient.Differences(closed, segment, "traffic_flow"), d => Assert.Equal(0, d.Scenario));
        Assert.DoesNotContain(ScenarioClient.Differences(closed, segment, "travel_time"), d => d.Scenario > 0);
    }

    [Fact]
    public async Task A_tower_takes_sun_from_the_ground_around_it_on_a_june_day_but_not_at_night()
    {
        using var planner = app.CreateClient(Roles.Planner);
        var scenario = await ScenarioClient.CreateAsync(planner, "Tower");
        var footprint = await ScenarioCity.FreeSquareAsync(planner, 30);
        await scenario.ApplyOkAsync(new { kind = "add-building", targetId = "scenario:tower", value = 60, footprint });

        var day = await scenario.AnalyseAsync(new { date = "2026-06-21" });
        var night = await scenario.AnalyseAsync(new { time = "2026-06-21T23:00:00Z" });

        var (sunBefore, sunAfter) = ScenarioClient.Kpi(day, "sunlit_ground");
        Assert.True(sunAfter < sunBefore, $"sunlit ground: expected less than {sunBefore} m²·h with the tower, found {sunAfter}");
        Assert.True(ScenarioClient.Kpi(day, "ground_losing_sun").Scenario > 0);
        Assert.Equal((0, 60), Assert.Single(ScenarioClient.Differences(day, "scenario:tower", "height")));
        Assert.Equal(0, ScenarioClient.Kpi(night, "ground_losing_sun").Scenario);
        Assert.Equal("2026-06-21", day.GetProperty("shadowDate").GetString());
    }

    [Fact]
    public async Task Cutting_a_power_line_is_analysed_for_supply_or_says_why_not()
    {
        using var planner = app.CreateClient(Roles.Planner);
        var edge = (await ScenarioCity.PowerEdgeAsync(planner)).GetProperty("id").GetString()!;
        var scenario = await ScenarioClient.CreateAsync(planner, "Cut");
        await scenario.ApplyOkAsync(new { kind = "cut-edge", targetId = edge });

        var analysis = await scenario.AnalyseAsync();

        var supplied = analysis.GetProperty("kpis").EnumerateArray().Where(k => k.GetProperty("id").GetString() == "buildings_supplied").ToList();
        var notes = analysis.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        if (supplied.Count == 0)
        {
            Assert.Contains(notes, n => n.Contains("supply not analysed", StringComparison.Ordinal));
        }
        else
        {
            var (before, after) = ScenarioClient.Kpi(analysis, "buildings_supplied");
            var lost = analysis.GetProperty("differences").EnumerateArray().Count(d => d.GetProperty("metric").GetString() == "supplied");
            Assert.Equal(before - after, lost);
        }
    }

    [Fact]
    public async Task Only_planners_analyse_and_a_date_the_sun_model_cannot_handle_is_a_400()
    {
        using var planner = app.CreateClient(Roles.Planner);
        using var anyone = app.CreateClient();
        using var operatorClient = app.CreateClient(Roles.Operator);
        var scenario = await ScenarioClient.CreateAsync(planner, "Who analyses");
        await scenario.PublishAsync();

        var byPublic = await anyone.PostAsync($"/api/scenarios/{scenario.Id}/analyse", null);
        var byOperator = await operatorClient.PostAsync($"/api/scenarios/{scenario.Id}/analyse", null);
        var badDate = await planner.PostAsJsonAsync($"/api/scenarios/{scenario.Id}/analyse", new { date = "2500-01-01" });
        var unknown = await planner.PostAsync($"/api/scenarios/{new string('0', 32)}/analyse", null);

        Assert.Equal(HttpStatusCode.Unauthorized, byPublic.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.Contains("outside 1900–2100", await badDate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
