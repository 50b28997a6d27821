namespace TwinCity.Models.Scenarios;

/// <summary>
/// A planner's scenario: an overlay of interventions on the baseline twin (DESIGN §7), its latest analysis,
/// and, once published, the public's anonymous comments and votes. Calls are refused with
/// <see cref="ArgumentException"/> (bad input) or <see cref="InvalidOperationException"/> (wrong state,
/// e.g. an edit to a published scenario, a comment on a draft) and leave the scenario unchanged.
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

    /// <summary>Adds an anonymous comment to a published scenario.</summary>
    Task<ScenarioComment> AddCommentAsync(string text);

    /// <summary>Comments, oldest first; hidden ones only when <paramref name="includeHidden"/>.</summary>
    Task<IReadOnlyList<ScenarioComment>> GetCommentsAsync(bool includeHidden);

    /// <summary>Hides an abusive comment (it stays for planners and out of the public list and export).</summary>
    Task<ScenarioComment> HideCommentAsync(string commentId);

    /// <summary>Adds an anonymous support (true) or oppose (false) vote to a published scenario.</summary>
    Task<VoteTotals> VoteAsync(bool support);

    /// <summary>The vote totals.</summary>
    Task<VoteTotals> GetVotesAsync();
}
