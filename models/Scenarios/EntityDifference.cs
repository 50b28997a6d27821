namespace TwinCity.Models.Scenarios;

/// <summary>
/// One entity's metric before and after a scenario. Metrics: <c>traffic_flow</c> (vehicles/h on a street
/// segment, both directions), <c>travel_time</c> (s to drive a segment, mean of its directions),
/// <c>supplied</c> (1 or 0 for a building on a utility network), <c>height</c> (m, a building added, raised or removed),
/// <c>roof_sun_hours</c> (hours of direct sun on a neighbouring building's roof over the analysed day).
/// </summary>
/// <param name="EntityId">Street segment or building id.</param>
/// <param name="Metric">Which metric.</param>
/// <param name="Baseline">Value today.</param>
/// <param name="Scenario">Value with the scenario.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.EntityDifference")]
public sealed record EntityDifference(string EntityId, string Metric, double Baseline, double Scenario);
