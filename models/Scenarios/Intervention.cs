namespace TwinCity.Models.Scenarios;

/// <summary>
/// One change a scenario makes to the baseline. <paramref name="Kind"/> says which fields matter:
/// <c>close-street</c>, <c>open-street</c>, <c>street-speed</c> (Value km/h), <c>street-lanes</c> (Value lanes),
/// <c>add-building</c> (Footprint, Value height m), <c>building-height</c> (Value m), <c>remove-building</c>,
/// <c>add-green-area</c> (Footprint), <c>cut-edge</c>, <c>restore-edge</c>, <c>sensor-threshold</c> (Value).
/// </summary>
/// <param name="Kind">What the intervention does.</param>
/// <param name="TargetId">The entity it changes (for an added building or green area, its new id).</param>
/// <param name="Value">The number the kind needs, if any.</param>
/// <param name="Footprint">Outline in the local frame as x0, y0, x1, y1, … (metres), for kinds that draw one.</param>
/// <param name="Replaces">For <c>add-building</c> and <c>add-green-area</c>: the buildings the new footprint replaces
/// (removed by it); it may overlap only these. Without it, a footprint overlapping a building is refused.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.Intervention")]
public sealed record Intervention(string Kind, string TargetId, double? Value, IReadOnlyList<double>? Footprint, IReadOnlyList<string>? Replaces = null);
