namespace TwinCity.Models.Scenarios;

/// <summary>
/// A planner's scenario: an overlay of interventions on the baseline twin (DESIGN §7). Edits are
/// refused with <see cref="ArgumentException"/> (bad input) or <see cref="InvalidOperationException"/>
/// (wrong state, e.g. published) and leave the scenario unchanged.
/// </summary>
public interface IScenarioGrain : IGrainWithStringKey
{
    /// <summary>Creates the scenario from the baseline.</summary>
    Task<ScenarioView> CreateAsync(string name, string assumptions, string authorRole);

    /// <summary>The scenario, or null when it was never created.</summary>
    Task<ScenarioView?> GetAsync();

    /// <summary>Appends an intervention after validating it.</summary>
    Task<ScenarioView> ApplyAsync(Intervention intervention);

    /// <summary>Removes the latest intervention.</summary>
    Task<ScenarioView> UndoAsync();

    /// <summary>Publishes the scenario; from then on it is read-only.</summary>
    Task<ScenarioView> PublishAsync();
}
