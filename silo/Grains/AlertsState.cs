using TwinCity.Models.Alerts;

namespace TwinCity.Silo.Grains;

/// <summary>Persisted state of <see cref="AlertsGrain"/>.</summary>
[GenerateSerializer, Alias("TwinCity.Silo.AlertsState")]
public sealed class AlertsState
{
    /// <summary>Bumped by every rule edit.</summary>
    [Id(0)] public long Version { get; set; }

    /// <summary>Rules by id.</summary>
    [Id(1)] public Dictionary<string, AlertRule> Rules { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Open alerts (raised or acknowledged) by "rule|entity".</summary>
    [Id(2)] public Dictionary<string, Alert> Open { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The most recently cleared alerts, newest last.</summary>
    [Id(3)] public List<Alert> Cleared { get; set; } = [];
}
