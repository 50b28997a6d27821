using TwinCity.Models.Scenarios;

namespace TwinCity.Silo.Tests.Scenarios;

[Collection(ClusterCollection.Name)]
public sealed class ScenarioGrainTests(ClusterFixture fixture)
{
    private static readonly Intervention Closure = new("close-street", "osm:way/123#0", null, null);
    private static readonly Intervention Tower = new("add-building", "scenario:tower", 40, [0, 0, 20, 0, 20, 20, 0, 20]);

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
    public async Task Degenerate_footprint_is_refused()
    {
        var grain = await CreateAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => grain.ApplyAsync(Tower with { Footprint = [0, 0, 10, 0, 20, 0] }));

        Assert.Contains("footprint area", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_a_building_the_city_does_not_have_is_refused()
    {
        var grain = await CreateAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => grain.ApplyAsync(new Intervention("remove-building", "osm:way/does-not-exist", null, null)));

        Assert.Contains("no such building", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Published_scenario_refuses_edits_and_keeps_its_interventions()
    {
        var grain = await CreateAsync();
        await grain.ApplyAsync(Closure);
        var published = await grain.PublishAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.ApplyAsync(Tower));
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.UndoAsync());

        Assert.NotNull(published.Published);
        Assert.Equal([Closure], (await grain.GetAsync())!.Interventions);
    }

    private async Task<IScenarioGrain> CreateAsync()
    {
        var grain = fixture.Client.GetGrain<IScenarioGrain>($"test-{Guid.NewGuid():N}");
        await grain.CreateAsync("Close the harbour road", "peak hour", "planner");
        return grain;
    }
}
