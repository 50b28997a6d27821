namespace TwinCity.Models.Scenarios;

/// <summary>
/// The baseline of one city version (key: <c>CityInfo.Version</c>) as the scenario analyses need it,
/// built once from what the import wrote and kept in memory: scenarios validate and analyse through it.
/// Throws <see cref="InvalidOperationException"/> when that city has no baseline (e.g. it was retired).
/// </summary>
public interface ICityBaselineGrain : IGrainWithIntegerKey
{
    /// <summary>Why <paramref name="intervention"/> cannot follow <paramref name="earlier"/> on this city, or null when it can.</summary>
    Task<string?> CheckAsync(Intervention intervention, IReadOnlyList<Intervention> earlier);

    /// <summary>Runs traffic, shadow and supply analyses of <paramref name="interventions"/> against the baseline.</summary>
    /// <param name="scenarioId">Scenario id, copied into the result.</param>
    /// <param name="interventions">The scenario's interventions, oldest first.</param>
    /// <param name="shadowDate">Day of hourly sun positions.</param>
    /// <param name="shadowTime">A single instant instead of the whole day, or null.</param>
    Task<ScenarioAnalysis> AnalyseAsync(string scenarioId, IReadOnlyList<Intervention> interventions, DateOnly shadowDate, DateTimeOffset? shadowTime);
}
