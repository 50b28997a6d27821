namespace TwinCity.Models.Alerts;

/// <summary>When an entity's metric deserves an operator's attention.</summary>
/// <param name="Id">Rule id, e.g. <c>power-high</c>.</param>
/// <param name="MetricId">The metric it watches, e.g. <c>power_kw</c>.</param>
/// <param name="Condition">One of <see cref="AlertConditions"/>: <c>above</c>, <c>below</c> (value vs. <paramref name="Threshold"/>),
/// <c>rises</c>, <c>falls</c> (change per minute since the reading before vs. <paramref name="Threshold"/>) or <c>stale</c>
/// (no reading for <paramref name="StaleSeconds"/>).</param>
/// <param name="Threshold">The value for above/below; the change per minute for rises/falls.</param>
/// <param name="StaleSeconds">Silence that makes a sensor stale.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.AlertRule")]
public sealed record AlertRule(string Id, string MetricId, string Condition, double Threshold, int StaleSeconds);
