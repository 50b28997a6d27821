namespace TwinCity.Models.Alerts;

/// <summary>An alert and where it is in its lifecycle: raised → acknowledged → cleared.</summary>
/// <param name="Id">Alert id.</param>
/// <param name="RuleId">The rule that raised it.</param>
/// <param name="EntityId">The entity concerned.</param>
/// <param name="MetricId">The metric concerned.</param>
/// <param name="State"><c>raised</c>, <c>acknowledged</c> or <c>cleared</c>.</param>
/// <param name="Value">The value that raised it: the reading, or for rises/falls its change per minute (null for a stale sensor).</param>
/// <param name="RaisedAt">When it was raised.</param>
/// <param name="AcknowledgedAt">When an operator acknowledged it, if so.</param>
/// <param name="ClearedAt">When the condition ended, if so.</param>
/// <param name="Message">A sentence for the control room.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.Alert")]
public sealed record Alert(
    string Id,
    string RuleId,
    string EntityId,
    string MetricId,
    string State,
    double? Value,
    DateTimeOffset RaisedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? ClearedAt,
    string Message);
