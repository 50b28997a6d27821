namespace TwinCity.Silo.Scenarios.Analysis;

/// <summary>Vehicle trips per hour from one street node to another.</summary>
/// <param name="Origin">Index of the origin node.</param>
/// <param name="Destination">Index of the destination node.</param>
/// <param name="TripsPerHour">Vehicles per hour.</param>
public sealed record TripDemand(int Origin, int Destination, double TripsPerHour);
