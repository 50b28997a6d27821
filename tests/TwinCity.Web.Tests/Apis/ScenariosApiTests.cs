using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Tests.Apis;

[Collection(AppCollection.Name)]
public sealed class ScenariosApiTests(TwinCityAppFixture app)
{
    [Fact]
    public async Task Planner_creates_edits_undoes_and_publishes_and_the_public_then_reads_it()
    {
        using var planner = app.CreateClient(Roles.Planner);
        using var anyone = app.CreateClient();
        var segment = (await Scenarios.ScenarioCity.RoadSegmentAsync(anyone)).GetProperty("id").GetString()!;
        var created = await planner.PostAsJsonAsync("/api/scenarios", new { name = "Harbour road closed", assumptions = "peak hour" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync($"/api/scenarios/{id}")).StatusCode);
        (await planner.PostAsJsonAsync($"/api/scenarios/{id}/interventions", new { kind = "close-street", targetId = segment })).EnsureSuccessStatusCode();
        (await planner.PostAsJsonAsync($"/api/scenarios/{id}/interventions", new { kind = "street-speed", targetId = segment, value = 20 })).EnsureSuccessStatusCode();
        (await planner.PostAsync($"/api/scenarios/{id}/undo", null)).EnsureSuccessStatusCode();
        (await planner.PostAsync($"/api/scenarios/{id}/publish", null)).EnsureSuccessStatusCode();

        var seen = await anyone.GetFromJsonAsync<JsonElement>($"/api/scenarios/{id}");
        Assert.Equal("peak hour", seen.GetProperty("assumptions").GetString());
        Assert.Equal("planner", seen.GetProperty("authorRole").GetString());
        Assert.Equal(1, seen.GetProperty("interventions").GetArrayLength());
    }

    [Fact]
    public async Task Public_and_operator_cannot_create_or_edit_scenarios()
    {
        using var anyone = app.CreateClient();
        using var operatorClient = app.CreateClient(Roles.Operator);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anyone.PostAsJsonAsync("/api/scenarios", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PostAsJsonAsync("/api/scenarios", new { name = "x" })).StatusCode);
    }

    [Fact]
    public async Task Absurd_height_is_a_400_naming_the_reason_and_edits_to_a_published_scenario_are_409()
    {
        using var planner = app.CreateClient(Roles.Planner);
        var id = (await (await planner.PostAsJsonAsync("/api/scenarios", new { name = "Tower" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var absurd = await planner.PostAsJsonAsync($"/api/scenarios/{id}/interventions", new { kind = "add-building", targetId = "scenario:tower", value = 5000, footprint = new[] { 0, 0, 20, 0, 20, 20, 0, 20 } });
        (await planner.PostAsync($"/api/scenarios/{id}/publish", null)).EnsureSuccessStatusCode();
        var late = await planner.PostAsJsonAsync($"/api/scenarios/{id}/interventions", new { kind = "close-street", targetId = (await Scenarios.ScenarioCity.RoadSegmentAsync(planner)).GetProperty("id").GetString() });

        Assert.Equal(HttpStatusCode.BadRequest, absurd.StatusCode);
        Assert.Contains("height 5000", await absurd.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(0, (await planner.GetFromJsonAsync<JsonElement>($"/api/scenarios/{id}")).GetProperty("interventions").GetArrayLength());
    }

    [Fact]
    public async Task The_list_shows_published_scenarios_to_everyone_and_drafts_only_to_planners()
    {
        using var planner = app.CreateClient(Roles.Planner);
        using var anyone = app.CreateClient();
        var draft = await Scenarios.ScenarioClient.CreateAsync(planner, "Draft in the list");
        var published = await Scenarios.ScenarioClient.CreateAsync(planner, "Published in the list");
        await published.PublishAsync();

        var forPublic = (await anyone.GetFromJsonAsync<JsonElement>("/api/scenarios")).EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        var forPlanner = (await planner.GetFromJsonAsync<JsonElement>("/api/scenarios")).EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();

        Assert.Contains(published.Id, forPublic);
        Assert.DoesNotContain(draft.Id, forPublic);
        Assert.Contains(published.Id, forPlanner);
        Assert.Contains(draft.Id, forPlanner);
    }
}
