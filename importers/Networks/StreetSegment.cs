using NetTopologySuite.Geometries;

namespace TwinCity.Importers.Networks;

/// <summary>
/// A piece of an OpenStreetMap highway way between two graph nodes (intersections or way ends),
/// with no intersection inside it. The pieces of one way share its tags.
/// </summary>
/// <param name="Id">Stable id, <c>osm:way/&lt;way&gt;#&lt;index&gt;</c>; the index counts the way's pieces from its first node.</param>
/// <param name="WayId">The way it comes from, <c>osm:way/&lt;way&gt;</c>.</param>
/// <param name="FromNodeId">The graph node at the first vertex.</param>
/// <param name="ToNodeId">The graph node at the last vertex (the same node for a closed loop).</param>
/// <param name="Geometry">WGS 84 longitude/latitude, in the way's direction.</param>
/// <param name="LengthMetres">Length on the WGS 84 ellipsoid (<see cref="EllipsoidLength"/>).</param>
/// <param name="Highway">The <c>highway</c> class, e.g. <c>residential</c> or <c>footway</c>.</param>
/// <param name="Name">The <c>name</c> tag, if any.</param>
/// <param name="Oneway">Allowed direction, from <c>oneway</c> or implied by the road (<see cref="HighwayTags.Oneway"/>).</param>
/// <param name="MaxSpeedKmh">The <c>maxspeed</c> tag in km/h when it is a number (with or without a unit); null otherwise, e.g. for <c>FR:urban</c>.</param>
/// <param name="Lanes">The <c>lanes</c> tag when it is a positive whole number.</param>
/// <param name="Tags">All the way's tags, verbatim.</param>
public sealed record StreetSegment(
    string Id,
    string WayId,
    string FromNodeId,
    string ToNodeId,
    LineString Geometry,
    double LengthMetres,
    string Highway,
    string? Name,
    Oneway Oneway,
    double? MaxSpeedKmh,
    int? Lanes,
    IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>Whether motor vehicles may use it, judged by its class (<see cref="HighwayTags.IsMotorVehicle"/>).</summary>
    public bool IsMotorVehicle => HighwayTags.IsMotorVehicle(Highway);

    /// <summary>The raw <c>maxspeed</c> tag, kept because zone values such as <c>FR:urban</c> have no number.</summary>
    public string? MaxSpeedTag => Tags.GetValueOrDefault("maxspeed");
}
