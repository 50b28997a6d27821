using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Tests.Scenarios;

[Collection(AppCollection.Name)]
public sealed class ScenarioValidationApiTests(TwinCityAppFixture app)
{
    [Theory]
    [InlineData("close-street", "osm:way/1#0", null)]
    [InlineData("street-speed", "osm:way/1#0", 30.0)]
    [InlineData("cut-edge", "osm:way/1#0", null)]
    [InlineData("remove-building", "osm:way/1", null)]
    [InlineData("building-height", "osm:way/1", 20.0)]
    public async Task Intervention_on_an_unknown_id_is_a_400_naming_it_and_changes_nothing(string kind, string id, double? value)
    {
        using var planner = app.CreateClient(Roles.Planner);
        var (scenario, before) = await ScenarioWithOneEditAsync(planner);

        var response = await scenario.ApplyAsync(new { kind, targetId = id, value });

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, $"'{id}'");
        await AssertUnchangedAsync(planner, scenario, before);
    }

    [Fact]
    public async Task A_street_id_is_not_a_utility_edge_and_a_street_cannot_be_reopened_before_it_is_closed()
    {
        using var planner = app.CreateClient(Roles.Planner);
        var (scenario, before) = await ScenarioWithOneEditAsync(planner);
        var segment = (await ScenarioCity.RoadSegmentAsync(planner)).GetProperty("id").GetString()!;

        await AssertRefusedAsync(await scenario.ApplyAsync(new { kind = "cut-edge", targetId = segment }), HttpStatusCode.BadRequest, "no utility edge");
        await AssertRefusedAsync(await scenario.ApplyAsync(new { kind = "open-street", targetId = segment }), HttpStatusCode.BadRequest, "is not closed");
        await AssertUnchangedAsync(planner, scenario, before);
    }

    [Theory]
    [InlineData("bow-tie", "not a simple polygon")]
    [InlineData("two-points", "at least 3 points")]
    [InlineData("huge", "above 500000")]
    [InlineData("far-away", "outside the city")]
    [InlineData("too-tall", "height 5000")]
    public async Task Invalid_new_building_is_a_400_with_the_reason_and_changes_nothing(string shape, string reason)
    {
        using var planner = app.CreateClient(Roles.Planner);
        var (scenario, before) = await ScenarioWithOneEditAsync(planner);
        var (x, y) = (await ScenarioCity.FreeSquareAsync(planner, 10, offsetEast: 200)) is var s ? (s[0], s[1]) : default;
        double[] footprint = shape switch
        {
            "bow-tie" => [x, y, x + 20, y + 20, x + 20, y, x, y + 30],
            "two-points" => [x, y, x + 20, y],
            "huge" => [x, y, x + 2000, y, x + 2000, y + 2000, x, y + 2000],
            "far-away" => [x + 100_000, y, x + 100_020, y, x + 100_020, y + 20, x + 100_000, y + 20],
            _ => [x, y, x + 20, y, x + 20, y + 20, x, y + 20],
        };

        var response = await scenario.ApplyAsync(new { kind = "add-building", targetId = "scenario:" + shape, value = shape == "too-tall" ? 5000 : 30, footprint });

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, reason);
        await AssertUnchangedAsync(planner, scenario, before);
    }

    [Fact]
    public async Task A_footprint_over_existing_buildings_is_refused_naming_each_until_they_are_listed_as_replaced()
    {
        using var planner = app.CreateClient(Roles.Planner);
        var scenario = await ScenarioClient.CreateAsync(planner, "Replace a block");
        // Squares across the busiest tile until one lands on buildings (a square on open ground is accepted and undone).
        var tile = (await ScenarioCity.BuildingTilesAsync(planner)).MaxBy(t => t.Features);
        var replaced = new List<string>();
        HttpResponseMessage response = null!;
        for (var k = 1; k < 10 && replaced.Count == 0; k++)
        {
            var (x, y) = (tile.MinX + ((tile.MaxX - tile.MinX) * k / 10), tile.MinY + ((tile.MaxY - tile.MinY) * ((k * 7) % 10) / 10));
            double[] block = [x, y, x + 60, y, x + 60, y + 60, x, y + 60];
            while ((response = await scenario.ApplyAsync(new { kind = "add-building", targetId = "scenario:block", value = 20, footprint = block, replaces = replaced })).StatusCode == HttpStatusCode.BadRequest)
            {
                var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
                Assert.True(detail.Contains("overlaps building '", StringComparison.Ordinal), detail);
                replaced.Add(detail.Split("overlaps building '")[1].Split('\'')[0]);
                Assert.True(replaced.Count < 200, "more overlapping buildings than a 60 m square can hold");
            }

            if (replaced.Count == 0)
            {
                (await planner.PostAsync($"/api/scenarios/{scenario.Id}/undo", null)).EnsureSuccessStatusCode();
            }
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(replaced);
        await AssertRefusedAsync(await scenario.ApplyAsync(new { kind = "remove-building", targetId = replaced[0] }), HttpStatusCode.BadRequest, "removed earlier");
    }

    [Fact]
    public async Task Edits_to_a_published_scenario_are_409_and_keep_its_interventions_and_analysis()
    {
        using var planner = app.CreateClient(Roles.Planner);
        var (scenario, before) = await ScenarioWithOneEditAsync(planner);
        var analysis = await scenario.AnalyseAsync();
        await scenario.PublishAsync();
        var segment = (await ScenarioCity.RoadSegmentAsync(planner)).GetProperty("id").GetString()!;

        await AssertRefusedAsync(await scenario.ApplyAsync(new { kind = "close-street", targetId = segment }), HttpStatusCode.Conflict, "published");
        await AssertRefusedAsync(await planner.PostAsync($"/api/scenarios/{scenario.Id}/undo", null), HttpStatusCode.Conflict, "published");

        Assert.Equal(before, (await scenario.GetAsync()).GetProperty("interventions").ToString());
        Assert.Equal(analysis.GetProperty("kpis").ToString(), (await planner.GetFromJsonAsync<JsonElement>($"/api/scenarios/{scenario.Id}/analysis")).GetProperty("kpis").ToString());
    }

    private static async Task<(ScenarioClient Scenario, string Interventions)> ScenarioWithOneEditAsync(HttpClient planner)
    {
        var scenario = await ScenarioClient.CreateAsync(planner, "Validation");
        var segment = (await ScenarioCity.RoadSegmentAsync(planner)).GetProperty("id").GetString()!;
        await scenario.ApplyOkAsync(new { kind = "street-speed", targetId = segment, value = 20 });
        return (scenario, (await scenario.GetAsync()).GetProperty("interventions").ToString());
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, found {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, body, StringComparison.Ordinal);
    }

    private static async Task AssertUnchangedAsync(HttpClient planner, ScenarioClient scenario, string interventions) =>
        Assert.Equal(interventions, (await planner.GetFromJsonAsync<JsonElement>($"/api/scenarios/{scenario.Id}")).GetProperty("interventions").ToString());
}
