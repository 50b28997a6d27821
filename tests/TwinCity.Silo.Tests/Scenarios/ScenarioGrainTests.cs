using TwinCity.Models.Scenarios;

namespace TwinCity.Silo.Tests.Scenarios;

[Collection(ScenarioClusterCollection.Name)]
public sealed class ScenarioGrainTests(ScenarioClusterFixture fixture)
{
    private static readonly Intervention Closure = new("close-street", "s2", null, null);
    private static readonly Intervention Tower = new("add-building", "scenario:tower", 40, SmallCity.Rectangle(100, 50, 120, 70));

    [Fact]
    public async Task Interventions_are_applied_in_order_and_undone_from_the_last()
    {
        var grain = await CreateAsync();

        await grain.ApplyAsync(Closure);
        await grain.ApplyAsync(Tower);
        var undone = await grain.UndoAsync();

        Assert.Equal([Closure], undone.Interventions);
        Assert.Equal("planner", undone.AuthorRole);
    }

    [Theory]
    [InlineData("add-building", 5000.0, "height")]
    [InlineData("add-building", -1.0, "height")]
    [InlineData("fly-away", 1.0, "unknown kind")]
    public async Task Invalid_intervention_is_refused_with_its_reason_and_changes_nothing(string kind, double value, string reason)
    {
        var grain = await CreateAsync();
        await grain.ApplyAsync(Closure);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => grain.ApplyAsync(Tower with { Kind = kind, Value = value }));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal([Closure], (await grain.GetAsync())!.Interventions);
    }

    [Fact]
    public async Task Interventions_are_checked_against_the_loaded_city_and_the_earlier_ones()
    {
        var grain = await CreateAsync();
        await grain.ApplyAsync(new Intervention("remove-building", "b3", null, null));

        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => grain.ApplyAsync(new Intervention("close-street", "osm:way/1#0", null, null)));
        var again = await Assert.ThrowsAsync<ArgumentException>(() => grain.ApplyAsync(new Intervention("building-height", "b3", 20, null)));
        var overlap = await Assert.ThrowsAsync<ArgumentException>(() => grain.ApplyAsync(Tower with { Footprint = SmallCity.Rectangle(-40, -10, -20, 10) }));

        Assert.Contains("no street segment 'osm:way/1#0'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("removed earlier", again.Message, StringComparison.Ordinal);
        Assert.Contains("overlaps building 'b1'", overlap.Message, StringComparison.Ordinal);
        Assert.Single((await grain.GetAsync())!.Interventions);
    }

    [Fact]
    public async Task Analysis_is_stored_with_the_scenario_until_the_next_edit()
    {
        var grain = await CreateAsync();
        await grain.ApplyAsync(Closure);

        var analysis = await grain.AnalyseAsync(new DateOnly(2026, 6, 21), null);
        var stored = await grain.GetAnalysisAsync();
        await grain.ApplyAsync(Tower);

        Assert.Equal(ScenarioClusterFixture.CityVersion, analysis.CityVersion);
        Assert.Equal(analysis.Kpis, stored!.Kpis);
        Assert.Contains(analysis.Differences, d => d.EntityId == "s2" && d.Metric == "traffic_flow" && d.Scenario == 0);
        Assert.Null(await grain.GetAnalysisAsync());
    }

    [Fact]
    public async Task A_shadow_date_outside_the_solar_algorithms_range_is_refused_and_keeps_the_stored_analysis()
    {
        var grain = await CreateAsync();
        await grain.ApplyAsync(Tower);
        var analysis = await grain.AnalyseAsync(new DateOnly(2026, 3, 20), null);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => grain.AnalyseAsync(new DateOnly(2300, 1, 1), null));

        Assert.Contains("outside 1900–2100", error.Message, StringComparison.Ordinal);
        Assert.Equal(analysis.Kpis, (await grain.GetAnalysisAsync())!.Kpis);
    }

    [Fact]
    public async Task Published_scenario_refuses_edits_and_keeps_its_interventions()
    {
        var grain = await CreateAsync();
        await grain.ApplyAsync(Closure);
        var published = await grain.PublishAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.ApplyAsync(Tower));
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.UndoAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.PublishAsync());

        Assert.NotNull(published.Published);
        Assert.Equal([Closure], (await grain.GetAsync())!.Interventions);
    }

    [Fact]
    public async Task Comments_and_votes_open_on_publication_and_hidden_comments_leave_the_public_list()
    {
        var grain = await CreateAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.AddCommentAsync("too early"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.VoteAsync(true));
        await grain.PublishAsync();

        var first = await grain.AddCommentAsync("Good idea");
        var second = await grain.AddCommentAsync("Abuse");
        await grain.VoteAsync(true);
        var totals = await grain.VoteAsync(false);
        await grain.HideCommentAsync(second.Id);

        Assert.Equal([first], await grain.GetCommentsAsync(includeHidden: false));
        Assert.Equal([first, second with { Hidden = true }], await grain.GetCommentsAsync(includeHidden: true));
        Assert.Equal(new VoteTotals(1, 1), totals);
        Assert.Equal(0, first.Posted.Second);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => grain.HideCommentAsync("c999"));
    }

    [Fact]
    public async Task The_index_lists_drafts_only_when_asked_and_follows_publication()
    {
        var draft = await CreateAsync();
        var published = await CreateAsync();
        await published.PublishAsync();
        var index = fixture.Client.GetGrain<IScenarioIndexGrain>(IScenarioIndexGrain.DefaultKey);

        var everyone = await index.ListAsync(includeDrafts: false);
        var planners = await index.ListAsync(includeDrafts: true);

        var draftId = (await draft.GetAsync())!.Id;
        var publishedId = (await published.GetAsync())!.Id;
        Assert.Contains(everyone, s => s.Id == publishedId && s.Published is not null);
        Assert.DoesNotContain(everyone, s => s.Id == draftId);
        Assert.Contains(planners, s => s.Id == draftId && s.Published is null);
    }

    private async Task<IScenarioGrain> CreateAsync()
    {
        var grain = fixture.Client.GetGrain<IScenarioGrain>($"test-{Guid.NewGuid():N}");
        await grain.CreateAsync("Close the harbour road", "peak hour", "planner");
        return grain;
    }
}
