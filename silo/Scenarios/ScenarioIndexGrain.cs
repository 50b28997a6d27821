using TwinCity.Models.Scenarios;
using TwinCity.Silo.Hosting;

namespace TwinCity.Silo.Scenarios;

/// <summary>The list of scenarios, one entry each; small (a name and a few numbers per scenario).</summary>
public sealed class ScenarioIndexGrain(
    [PersistentState("scenarios", TwinCitySiloOptions.StorageName)] IPersistentState<ScenarioIndexState> state) : Grain, IScenarioIndexGrain
{
    /// <inheritdoc />
    public async Task UpdateAsync(ScenarioSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        state.State.Scenarios[summary.Id] = summary;
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ScenarioSummary>> ListAsync(bool includeDrafts) =>
        Task.FromResult<IReadOnlyList<ScenarioSummary>>([.. state.State.Scenarios.Values
            .Where(s => includeDrafts || s.Published is not null)
            .OrderByDescending(s => s.Published ?? s.Created)
            .ThenBy(s => s.Id, StringComparer.Ordinal)]);
}
