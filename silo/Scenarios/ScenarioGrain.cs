using TwinCity.Models.Grains;
using TwinCity.Models.Scenarios;
using TwinCity.Silo.Hosting;

namespace TwinCity.Silo.Scenarios;

/// <summary>
/// One scenario: an undoable list of interventions, each validated against the live city through its
/// <see cref="ICityBaselineGrain"/> (ids, kinds, footprints and overlaps), its latest analysis, and the
/// public's comments and votes once published (<c>ScenarioGrain.Participation.cs</c>).
/// </summary>
public sealed partial class ScenarioGrain(
    [PersistentState("scenario", TwinCitySiloOptions.StorageName)] IPersistentState<ScenarioState> state,
    [PersistentState("participation", TwinCitySiloOptions.StorageName)] IPersistentState<ParticipationState> participation,
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

        if (assumptions?.Length > 4000)
        {
            throw new ArgumentException($"scenario {this.GetPrimaryKeyString()}: assumptions must be at most 4000 characters", nameof(assumptions));
        }

        return await SaveAsync(new ScenarioView(this.GetPrimaryKeyString(), name, assumptions ?? "", authorRole, time.GetUtcNow(), null, []));
    }

    /// <inheritdoc />
    public Task<ScenarioView?> GetAsync() => Task.FromResult(state.State.View);

    /// <inheritdoc />
    public async Task<ScenarioView> ApplyAsync(Intervention intervention)
    {
        ArgumentNullException.ThrowIfNull(intervention);
        var view = Draft();
        if (InterventionRules.Problem(intervention) is { } problem)
        {
            throw new ArgumentException($"scenario {view.Id} {problem}", nameof(intervention));
        }

        if (intervention.Kind == "sensor-threshold")
        {
            var (_, sensors) = await GrainFactory.GetGrain<ISensorRegistryGrain>(ISensorRegistryGrain.DefaultKey).GetAllAsync();
            if (!sensors.Any(s => s.Id == intervention.TargetId))
            {
                throw new ArgumentException($"scenario {view.Id} intervention {intervention.Kind} on {intervention.TargetId}: no sensor '{intervention.TargetId}' in the register", nameof(intervention));
            }
        }
        else if (await (await BaselineAsync(view)).CheckAsync(intervention, view.Interventions) is { } cityProblem)
        {
            throw new ArgumentException($"scenario {view.Id} {cityProblem}", nameof(intervention));
        }

        // The grain does not interleave calls: the check above saw exactly the interventions this appends to.
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
    public Task<ScenarioView> PublishAsync() => SaveAsync(Draft() with { Published = time.GetUtcNow() }, keepAnalysis: true);

    /// <inheritdoc />
    public async Task<ScenarioAnalysis> AnalyseAsync(DateOnly? shadowDate, DateTimeOffset? shadowTime)
    {
        var view = Existing();
        var date = shadowDate ?? (shadowTime is { } t ? DateOnly.FromDateTime(t.UtcDateTime) : DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (date.Year is < 1900 or > 2100 || shadowTime?.Year is < 1900 or > 2100)
        {
            // The solar position algorithm (NOAA, after Meeus) is good for 1900–2100.
            throw new ArgumentException($"scenario {view.Id}: shadow date {date:yyyy-MM-dd} is outside 1900–2100, where the sun's position is computed", nameof(shadowDate));
        }

        var analysis = await (await BaselineAsync(view)).AnalyseAsync(view.Id, view.Interventions, date, shadowTime);
        state.State.Analysis = analysis;
        await state.WriteStateAsync();
        return analysis;
    }

    /// <inheritdoc />
    public Task<ScenarioAnalysis?> GetAnalysisAsync() => Task.FromResult(state.State.Analysis);

    private async Task<ICityBaselineGrain> BaselineAsync(ScenarioView view)
    {
        var city = await GrainFactory.GetGrain<ICityGrain>(ICityGrain.DefaultKey).GetCityAsync()
            ?? throw new InvalidOperationException($"scenario {view.Id}: no city is loaded yet");
        return GrainFactory.GetGrain<ICityBaselineGrain>(city.Version);
    }

    private ScenarioView Existing() =>
        state.State.View ?? throw new InvalidOperationException($"scenario {this.GetPrimaryKeyString()}: does not exist");

    private ScenarioView Draft()
    {
        var view = Existing();
        return view.Published is not null ? throw new InvalidOperationException($"scenario {view.Id}: published, so read-only") : view;
    }

    // Every edit makes the stored analysis stale, so it is dropped with the same write.
    private async Task<ScenarioView> SaveAsync(ScenarioView view, bool keepAnalysis = false)
    {
        var (oldView, oldAnalysis) = (state.State.View, state.State.Analysis);
        state.State.View = view;
        state.State.Analysis = keepAnalysis ? state.State.Analysis : null;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // A failed write must not leave memory ahead of storage.
            (state.State.View, state.State.Analysis) = (oldView, oldAnalysis);
            throw;
        }

        await GrainFactory.GetGrain<IScenarioIndexGrain>(IScenarioIndexGrain.DefaultKey).UpdateAsync(
            new ScenarioSummary(view.Id, view.Name, view.AuthorRole, view.Created, view.Published, view.Interventions.Count));
        return view;
    }
}
