using NetTopologySuite.Geometries;

namespace TwinCity.Importers.Networks;

/// <summary>
/// A piece of an OpenStreetMap utility line (power line or cable, pipeline) between two network
/// nodes, with no junction inside it. The pieces of one way share its tags.
/// </summary>
/// <param name="Id">Stable id, <c>osm:way/&lt;way&gt;#&lt;index&gt;</c>; the index counts the way's pieces from its first node.</param>
/// <param name="WayId">The way it comes from, <c>osm:way/&lt;way&gt;</c>.</param>
/// <param name="FromNodeId">The network node at the first vertex.</param>
/// <param name="ToNodeId">The network node at the last vertex.</param>
/// <param name="Geometry">WGS 84 longitude/latitude, in the way's direction.</param>
/// <param name="LengthMetres">Length on the WGS 84 ellipsoid (<see cref="EllipsoidLength"/>).</param>
/// <param name="Kind"><c>power</c> for <c>power=line|minor_line|cable</c>; for a pipeline its <c>substance</c> (<c>gas</c>, <c>water</c>, <c>oil</c>, ...), or <c>pipeline</c> when that is not tagged.</param>
/// <param name="Voltage">The <c>voltage</c> tag in volts, verbatim (it may list several, e.g. <c>63000;20000</c>).</param>
/// <param name="Operator">The <c>operator</c> tag.</param>
/// <param name="Location">The <c>location</c> tag, e.g. <c>underground</c>.</param>
/// <param name="Tags">All the way's tags, verbatim.</param>
public sealed record UtilityEdge(
    string Id,
    string WayId,
    string FromNodeId,
    string ToNodeId,
    LineString Geometry,
    double LengthMetres,
    string Kind,
    string? Voltage,
    string? Operator,
    string? Location,
    IReadOnlyDictionary<string, string> Tags);
