using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TwinCity.Web.Apis;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Tests.Scenarios;

[Collection(AppCollection.Name)]
public sealed class ScenarioParticipationApiTests(TwinCityAppFixture app)
{
    [Fact]
    public async Task Comments_and_votes_on_a_draft_are_404_for_the_public_and_409_for_planners()
    {
        using var planner = app.CreateClient(Roles.Planner);
        using var anyone = app.CreateClient();
        var draft = await ScenarioClient.CreateAsync(planner, "Draft");

        var publicComment = await anyone.PostAsJsonAsync($"/api/scenarios/{draft.Id}/comments", new { text = "Nice" });
        var publicVote = await anyone.PostAsJsonAsync($"/api/scenarios/{draft.Id}/votes", new { vote = "support" });
        var plannerComment = await planner.PostAsJsonAsync($"/api/scenarios/{draft.Id}/comments", new { text = "Nice" });

        Assert.Equal(HttpStatusCode.NotFound, publicComment.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, publicVote.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, plannerComment.StatusCode);
        Assert.Empty(await planner.GetFromJsonAsync<JsonElement[]>($"/api/scenarios/{draft.Id}/comments") ?? []);
    }

    [Fact]
    public async Task The_public_comments_and_votes_anonymously_and_a_hidden_comment_is_shown_to_planners_only()
    {
        using var planner = app.CreateClient(Roles.Planner);
        using var anyone = app.CreateClient();
        var scenario = await PublishedAsync(planner);

        var kept = await (await anyone.PostAsJsonAsync($"/api/scenarios/{scenario.Id}/comments", new { text = "  More trees on the square, please.  " })).Content.ReadFromJsonAsync<JsonElement>();
        var abusive = await (await anyone.PostAsJsonAsync($"/api/scenarios/{scenario.Id}/comments", new { text = "Something abusive" })).Content.ReadFromJsonAsync<JsonElement>();
        await anyone.PostAsJsonAsync($"/api/scenarios/{scenario.Id}/votes", new { vote = "support" });
        var totals = await (await anyone.PostAsJsonAsync($"/api/scenarios/{scenario.Id}/votes", new { vote = "oppose" })).Content.ReadFromJsonAsync<JsonElement>();
        var publicHide = await anyone.PostAsync($"/api/scenarios/{scenario.Id}/comments/{abusive.GetProperty("id").GetString()}/hide", null);
        (await planner.PostAsync($"/api/scenarios/{scenario.Id}/comments/{abusive.GetProperty("id").GetString()}/hide", null)).EnsureSuccessStatusCode();

        var seenByPublic = await anyone.GetFromJsonAsync<JsonElement[]>($"/api/scenarios/{scenario.Id}/comments");
        var seenByPlanner = await planner.GetFromJsonAsync<JsonElement[]>($"/api/scenarios/{scenario.Id}/comments");
        Assert.Equal(["id", "text", "posted", "hidden"], kept.EnumerateObject().Select(p => p.Name));
        Assert.Equal("More trees on the square, please.", Assert.Single(seenByPublic!).GetProperty("text").GetString());
        Assert.Equal(2, seenByPlanner!.Length);
        Assert.True(seenByPlanner.Single(c => c.GetProperty("id").GetString() == abusive.GetProperty("id").GetString()).GetProperty("hidden").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, publicHide.StatusCode);
        Assert.Equal((1, 1), (totals.GetProperty("support").GetInt32(), totals.GetProperty("oppose").GetInt32()));
        Assert.Equal(1, (await anyone.GetFromJsonAsync<JsonElement>($"/api/scenarios/{scenario.Id}/votes")).GetProperty("oppose").GetInt32());
    }

    [Theory]
    [InlineData("See https://example.org/plan for details", "a link")]
    [InlineData("Write to jane.doe@example.org", "an e-mail address")]
    [InlineData("Call me on +377 93 15 80 00", "a phone number")]
    [InlineData("", "empty")]
    public async Task A_comment_with_personal_data_or_no_text_is_refused_and_nothing_is_stored(string text, string reason)
    {
        using var planner = app.CreateClient(Roles.Planner);
        using var anyone = app.CreateClient();
        var scenario = await PublishedAsync(planner);

        var response = await anyone.PostAsJsonAsync($"/api/scenarios/{scenario.Id}/comments", new { text });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await planner.GetFromJsonAsync<JsonElement[]>($"/api/scenarios/{scenario.Id}/comments") ?? []);
    }

    [Fact]
    public async Task A_comment_longer_than_500_characters_is_refused_but_a_date_is_not_taken_for_a_phone_number()
    {
        using var planner = app.CreateClient(Roles.Planner);
        using var anyone = app.CreateClient();
        var scenario = await PublishedAsync(planner);

        var tooLong = await anyone.PostAsJsonAsync($"/api/scenarios/{scenario.Id}/comments", new { text = new string('a', 501) });
        var dated = await anyone.PostAsJsonAsync($"/api/scenarios/{scenario.Id}/comments", new { text = "The works start on 2026-06-21, too early." });

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("501 characters", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, dated.StatusCode);
    }

    [Fact]
    public async Task A_flood_of_comments_from_one_client_gets_429_with_retry_after_and_keeps_only_the_accepted_ones()
    {
        using var planner = app.CreateClient(Roles.Planner);
        using var anyone = app.CreateClient();
        var scenario = await PublishedAsync(planner);

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < ScenarioParticipationApi.Burst + 5; i++)
        {
            responses.Add(await anyone.PostAsJsonAsync($"/api/scenarios/{scenario.Id}/comments", new { text = $"Comment number {i}" }));
        }

        var accepted = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(ScenarioParticipationApi.Burst, accepted);
        Assert.Equal(5, refused.Count);
        Assert.All(refused, r => Assert.NotNull(r.Headers.RetryAfter));
        var stored = await planner.GetFromJsonAsync<JsonElement[]>($"/api/scenarios/{scenario.Id}/comments");
        Assert.Equal(Enumerable.Range(0, accepted).Select(i => $"Comment number {i}"), stored!.Select(c => c.GetProperty("text").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync($"/api/scenarios/{scenario.Id}/comments")).StatusCode);
    }

    [Fact]
    public async Task Comments_and_votes_export_as_csv_and_json_with_licence_and_provenance_without_hidden_comments()
    {
        using var planner = app.CreateClient(Roles.Planner);
        using var anyone = app.CreateClient();
        var scenario = await PublishedAsync(planner);
        await anyone.PostAsJsonAsync($"/api/scenarios/{scenario.Id}/comments", new { text = "Good, \"finally\"" });
        var hidden = await (await anyone.PostAsJsonAsync($"/api/scenarios/{scenario.Id}/comments", new { text = "Hidden text" })).Content.ReadFromJsonAsync<JsonElement>();
        await anyone.PostAsJsonAsync($"/api/scenarios/{scenario.Id}/votes", new { vote = "support" });
        (await planner.PostAsync($"/api/scenarios/{scenario.Id}/comments/{hidden.GetProperty("id").GetString()}/hide", null)).EnsureSuccessStatusCode();

        var json = await anyone.GetFromJsonAsync<JsonElement>($"/api/scenarios/{scenario.Id}/participation.json");
        var csv = await anyone.GetStringAsync($"/api/scenarios/{scenario.Id}/comments.csv");

        Assert.Equal(ScenarioParticipationApi.Licence, json.GetProperty("licence").GetString());
        Assert.Contains("OpenStreetMap", json.GetProperty("provenance").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, json.GetProperty("votes").GetProperty("support").GetInt32());
        Assert.Equal("Good, \"finally\"", Assert.Single(json.GetProperty("comments").EnumerateArray()).GetProperty("text").GetString());
        Assert.StartsWith("id,posted,text\n", csv, StringComparison.Ordinal);
        Assert.Contains("\"Good, \"\"finally\"\"\"", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden text", csv, StringComparison.Ordinal);
    }

    private static async Task<ScenarioClient> PublishedAsync(HttpClient planner)
    {
        var scenario = await ScenarioClient.CreateAsync(planner, "Published for comments");
        await scenario.PublishAsync();
        return scenario;
    }
}
