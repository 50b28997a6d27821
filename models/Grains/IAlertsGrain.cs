using TwinCity.Models.Alerts;

namespace TwinCity.Models.Grains;

/// <summary>Alert rules and alerts of the twin, one per twin (key <see cref="DefaultKey"/>).</summary>
public interface IAlertsGrain : IGrainWithStringKey
{
    /// <summary>The key of the twin's alerts.</summary>
    const string DefaultKey = "default";

    /// <summary>Adds or replaces a rule.</summary>
    Task<long> SetRuleAsync(AlertRule rule);

    /// <summary>Removes a rule (its open alerts are cleared).</summary>
    Task<bool> RemoveRuleAsync(string ruleId);

    /// <summary>The rules and their version.</summary>
    Task<(long Version, IReadOnlyList<AlertRule> Rules)> GetRulesAsync();

    /// <summary>Applies condition changes found by the ingestion path; returns the alerts that changed.</summary>
    Task<IReadOnlyList<Alert>> ReportAsync(IReadOnlyList<AlertSignal> signals);

    /// <summary>An operator acknowledges an alert; null when there is no such open alert.</summary>
    Task<Alert?> AcknowledgeAsync(string alertId);

    /// <summary>Open alerts (raised or acknowledged), or also the most recent cleared ones.</summary>
    Task<IReadOnlyList<Alert>> GetAlertsAsync(bool includeCleared);
}
