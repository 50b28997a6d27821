namespace TwinCity.Silo.Scenarios.Baseline;

/// <summary>
/// What the scenario analyses need of a loaded city, as plain data in its local frame (metres east and
/// north of the origin): footprints with heights, the street graph with its tags, the utility networks.
/// The web front end that imports a city writes it once per city version (<see cref="CityBaselineStore"/>);
/// the silo reads it when a scenario is first validated or analysed on that city.
/// </summary>
/// <param name="Latitude">Latitude of the city origin (for the sun).</param>
/// <param name="Longitude">Longitude of the city origin.</param>
/// <param name="Buildings">Every building.</param>
/// <param name="StreetNodes">Nodes of the street graph.</param>
/// <param name="Streets">Every street segment; those without both ends in <paramref name="StreetNodes"/> are not routable.</param>
/// <param name="UtilityNodes">Junctions and line ends of the utility networks.</param>
/// <param name="UtilityEdges">Utility edges.</param>
/// <param name="Substations">Power substations, the sources of the power network.</param>
public sealed record CityBaseline(
    double Latitude,
    double Longitude,
    IReadOnlyList<BaselineBuilding> Buildings,
    IReadOnlyList<BaselinePoint> StreetNodes,
    IReadOnlyList<BaselineStreet> Streets,
    IReadOnlyList<BaselinePoint> UtilityNodes,
    IReadOnlyList<BaselineUtilityEdge> UtilityEdges,
    IReadOnlyList<BaselinePoint> Substations);

/// <summary>A building: outer ring as x0, y0, x1, y1, … (not repeating the first point) and its height.</summary>
/// <param name="Id">Entity id, e.g. <c>osm:way/123</c>.</param>
/// <param name="Ring">Outer ring of the largest polygon of the footprint, local metres.</param>
/// <param name="Height">Roof height above ground, metres.</param>
public sealed record BaselineBuilding(string Id, double[] Ring, double Height);

/// <summary>A node with a position in the local frame.</summary>
/// <param name="Id">Entity or source id, e.g. <c>osm:node/123</c>.</param>
/// <param name="X">Metres east.</param>
/// <param name="Y">Metres north.</param>
public sealed record BaselinePoint(string Id, double X, double Y);

/// <summary>A street segment with the tags that make its speed and capacity.</summary>
/// <param name="Id">Entity id, e.g. <c>osm:way/123#0</c>.</param>
/// <param name="From">Start node id, or null when the source has no topology.</param>
/// <param name="To">End node id, or null.</param>
/// <param name="LengthMetres">Length.</param>
/// <param name="Highway">OpenStreetMap class, e.g. <c>residential</c>.</param>
/// <param name="Oneway"><c>yes</c> (along), <c>-1</c> (against) or <c>no</c>.</param>
/// <param name="MaxSpeedKmh">Tagged speed limit, if numeric.</param>
/// <param name="Lanes">Tagged lanes (both directions), if any.</param>
/// <param name="MotorVehicles">Whether cars may use it (footways and steps are in the graph but carry no traffic).</param>
public sealed record BaselineStreet(string Id, string? From, string? To, double LengthMetres, string Highway, string Oneway, double? MaxSpeedKmh, int? Lanes, bool MotorVehicles);

/// <summary>A utility edge.</summary>
/// <param name="Id">Entity id, e.g. <c>osm:way/123#0</c>.</param>
/// <param name="From">Node id at one end.</param>
/// <param name="To">Node id at the other end.</param>
/// <param name="Kind"><c>power</c>, or a pipeline's substance (<c>gas</c>, <c>water</c>, …).</param>
public sealed record BaselineUtilityEdge(string Id, string From, string To, string Kind);
