namespace TwinCity.Models.Alerts;

/// <summary>A rule's condition for an entity became true or false.</summary>
/// <param name="RuleId">The rule.</param>
/// <param name="EntityId">The entity.</param>
/// <param name="Active">True when the condition now holds.</param>
/// <param name="Value">The value that decided it: the reading, or for rises/falls its change per minute (NaN for staleness).</param>
/// <param name="Time">When.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.AlertSignal")]
public readonly record struct AlertSignal(string RuleId, string EntityId, bool Active, double Value, DateTimeOffset Time);
