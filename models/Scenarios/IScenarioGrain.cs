namespace TwinCity.Models.Scenarios;

/// <summary>
/// A planner's scenario: an overlay of interventions on the baseline twin (DESIGN §7), and its latest analysis.
/// Calls are refused with <see cref="ArgumentException"/> (bad input) or <see cref="InvalidOperationException"/>
/// (wrong state, e.g. an edit to a published scenario) and leave the scenario unchanged.
/// </summary>
public interface IScenarioGrain : IGrainWithStringKey
{
    /// <summary>Creates the scenario from the baseline.</summary>
    Task<ScenarioView> CreateAsync(string name, string assumptions, string authorRole);

    /// <summary>The scenario, or null when it was never created.</summary>
    Task<ScenarioView?> GetAsync();

    /// <summary>Appends an intervention after validating it against the live city and the interventions before it.</summary>
    Task<ScenarioView> ApplyAsync(Intervention intervention);

    /// <summary>Removes the latest intervention.</summary>
    Task<ScenarioView> UndoAsync();

    /// <summary>Publishes the scenario; from then on it is read-only.</summary>
    Task<ScenarioView> PublishAsync();

    /// <summary>Analyses the interventions on the live city and keeps the result.</summary>
    /// <param name="shadowDate">Day of hourly sun positions; null for today (UTC).</param>
    /// <param name="shadowTime">One instant instead of the day's hours, or null.</param>
    Task<ScenarioAnalysis> AnalyseAsync(DateOnly? shadowDate, DateTimeOffset? shadowTime);

    /// <summary>The latest analysis, or null when none was run since the last edit.</summary>
    Task<ScenarioAnalysis?> GetAnalysisAsync();
}
