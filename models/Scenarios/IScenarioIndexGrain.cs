namespace TwinCity.Models.Scenarios;

/// <summary>The list of every scenario (one per twin, key <see cref="DefaultKey"/>), kept up to date by the scenario grains.</summary>
public interface IScenarioIndexGrain : IGrainWithStringKey
{
    /// <summary>The key of the one index.</summary>
    const string DefaultKey = "default";

    /// <summary>Adds or replaces a scenario's entry.</summary>
    Task UpdateAsync(ScenarioSummary summary);

    /// <summary>Every scenario, newest first; drafts only when <paramref name="includeDrafts"/>.</summary>
    Task<IReadOnlyList<ScenarioSummary>> ListAsync(bool includeDrafts);
}
