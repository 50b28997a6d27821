namespace TwinCity.Silo.Scenarios.Analysis;

/// <summary>The outcome of a traffic assignment, arc by arc in the order of <see cref="StreetNetwork.Arcs"/>.</summary>
/// <param name="Flows">Vehicles per hour on each arc.</param>
/// <param name="TravelSeconds">Travel time of each arc at its flow.</param>
/// <param name="MeanTripSeconds">Mean travel time of the routed trips.</param>
/// <param name="UnroutedTripsPerHour">Demand with no route (e.g. a closure cut its only road).</param>
/// <param name="Iterations">Frank–Wolfe iterations run.</param>
/// <param name="RelativeGap">Relative gap at the end (0 at equilibrium).</param>
public sealed record TrafficResult(
    IReadOnlyList<double> Flows,
    IReadOnlyList<double> TravelSeconds,
    double MeanTripSeconds,
    double UnroutedTripsPerHour,
    int Iterations,
    double RelativeGap);
