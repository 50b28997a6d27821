namespace TwinCity.Silo.Scenarios.Analysis;

/// <summary>A node of the street graph in the city's local frame (metres east and north of the origin).</summary>
/// <param name="Id">Stable id, <c>osm:node/&lt;id&gt;</c>.</param>
/// <param name="X">Metres east.</param>
/// <param name="Y">Metres north.</param>
public sealed record StreetNetworkNode(string Id, double X, double Y);

/// <summary>
/// One direction of travel along a street segment: a two-way segment gives two arcs with the same
/// <paramref name="SegmentId"/>, a one-way segment one.
/// </summary>
/// <param name="SegmentId">The segment, <c>osm:way/&lt;id&gt;#n</c>.</param>
/// <param name="From">Index of the start node in <see cref="StreetNetwork.Nodes"/>.</param>
/// <param name="To">Index of the end node.</param>
/// <param name="LengthMetres">Length along the street.</param>
/// <param name="FreeSpeedKmh">Speed with no traffic.</param>
/// <param name="CapacityPerHour">Vehicles per hour at which the BPR cost reaches 1.15 × free-flow time.</param>
public sealed record StreetArc(string SegmentId, int From, int To, double LengthMetres, double FreeSpeedKmh, double CapacityPerHour)
{
    /// <summary>Seconds to travel the arc with no traffic.</summary>
    public double FreeFlowSeconds => LengthMetres / (FreeSpeedKmh / 3.6);
}

/// <summary>A directed street graph: what traffic assignment runs on.</summary>
/// <param name="Nodes">Intersections and street ends.</param>
/// <param name="Arcs">Directed arcs between them; one-way streets have one direction only.</param>
public sealed record StreetNetwork(IReadOnlyList<StreetNetworkNode> Nodes, IReadOnlyList<StreetArc> Arcs);
