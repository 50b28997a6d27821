namespace TwinCity.Silo.Scenarios.Analysis;

/// <summary>The headline figures of a scenario against the baseline.</summary>
/// <param name="AffectedBuildings">Buildings that lose supply or lose sun-hours on adjacent ground (by id, counted once).</param>
/// <param name="MeanTravelTimeChangeSeconds">Scenario mean trip time minus baseline's.</param>
/// <param name="ShadowedAreaChange">More shade on the ground, m²·h over the day.</param>
/// <param name="UnroutedTripsChange">Trips per hour that lost (positive) or found a route.</param>
public sealed record KpiSummary(int AffectedBuildings, double MeanTravelTimeChangeSeconds, double ShadowedAreaChange, double UnroutedTripsChange)
{
    /// <summary>Combines the three analyses' results; any may be missing when not run.</summary>
    public static KpiSummary From(TrafficResult? baseline, TrafficResult? scenario, ShadowResult? shadow, SupplyResult? supply, IEnumerable<string>? otherAffected = null)
    {
        var affected = new HashSet<string>(supply?.LostSupply ?? [], StringComparer.Ordinal);
        affected.UnionWith(otherAffected ?? []);
        var travel = baseline is not null && scenario is not null ? scenario.MeanTripSeconds - baseline.MeanTripSeconds : 0;
        var unrouted = baseline is not null && scenario is not null ? scenario.UnroutedTripsPerHour - baseline.UnroutedTripsPerHour : 0;
        return new KpiSummary(affected.Count, travel, shadow?.ShadowedAreaChange ?? 0, unrouted);
    }
}
