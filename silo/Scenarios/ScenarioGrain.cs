using TwinCity.Models.Grains;
using TwinCity.Models.Scenarios;
using TwinCity.Silo.Hosting;

namespace TwinCity.Silo.Scenarios;

/// <summary>
/// One scenario: an undoable list of interventions, validated against the city catalogue for
/// buildings. Street and network ids are checked by shape only until those entities are in the
/// catalogue (the streets branch makes them live entities).
/// </summary>
public sealed class ScenarioGrain(
    [PersistentState("scenario", TwinCitySiloOptions.StorageName)] IPersistentState<ScenarioState> state,
    TimeProvider time) : Grain, IScenarioGrain
{
    /// <inheritdoc />
    public async Task<ScenarioView> CreateAsync(string name, string assumptions, string authorRole)
    {
        if (state.State.View is not null)
        {
            throw new InvalidOperationException($"scenario {this.GetPrimaryKeyString()}: already exists");
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            throw new ArgumentException($"scenario {this.GetPrimaryKeyString()}: name must be 1 to 200 characters", nameof(name));
        }

        state.State.View = new ScenarioView(this.GetPrimaryKeyString(), name, assumptions ?? "", authorRole, time.GetUtcNow(), null, []);
        await state.WriteStateAsync();
        return state.State.View;
    }

    /// <inheritdoc />
    public Task<ScenarioView?> GetAsync() => Task.FromResult(state.State.View);

    /// <inheritdoc />
    public async Task<ScenarioView> ApplyAsync(Intervention intervention)
    {
        var view = Draft();
        if (InterventionRules.Problem(intervention) is { } problem)
        {
            throw new ArgumentException($"scenario {view.Id} {problem}", nameof(intervention));
        }

        if (intervention.Kind is "building-height" or "remove-building")
        {
            var ids = await GrainFactory.GetGrain<ICityGrain>(ICityGrain.DefaultKey).GetEntityIdsAsync();
            if (!ids.Contains(intervention.TargetId))
            {
                throw new ArgumentException($"scenario {view.Id} intervention {intervention.Kind} on {intervention.TargetId}: no such building in the city", nameof(intervention));
            }
        }

        return await SaveAsync(view with { Interventions = [.. view.Interventions, intervention] });
    }

    /// <inheritdoc />
    public Task<ScenarioView> UndoAsync()
    {
        var view = Draft();
        return view.Interventions.Count == 0
            ? throw new InvalidOperationException($"scenario {view.Id}: nothing to undo")
            : SaveAsync(view with { Interventions = [.. view.Interventions.Take(view.Interventions.Count - 1)] });
    }

    /// <inheritdoc />
    public Task<ScenarioView> PublishAsync() => SaveAsync(Draft() with { Published = time.GetUtcNow() });

    private ScenarioView Draft()
    {
        var view = state.State.View ?? throw new InvalidOperationException($"scenario {this.GetPrimaryKeyString()}: does not exist");
        return view.Published is not null ? throw new InvalidOperationException($"scenario {view.Id}: published, so read-only") : view;
    }

    private async Task<ScenarioView> SaveAsync(ScenarioView view)
    {
        state.State.View = view;
        await state.WriteStateAsync();
        return view;
    }
}
