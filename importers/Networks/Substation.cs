using NetTopologySuite.Geometries;

namespace TwinCity.Importers.Networks;

/// <summary>A power substation (<c>power=substation</c>), mapped as a node or as a closed way.</summary>
/// <param name="Id">Stable id, <c>osm:node/&lt;id&gt;</c> or <c>osm:way/&lt;id&gt;</c>.</param>
/// <param name="Longitude">WGS 84 degrees east: the node, or the outline's centroid.</param>
/// <param name="Latitude">WGS 84 degrees north: the node, or the outline's centroid.</param>
/// <param name="Outline">The WGS 84 outline of a substation mapped as a way; null for a node.</param>
/// <param name="Tags">All its tags, verbatim.</param>
public sealed record Substation(string Id, double Longitude, double Latitude, Polygon? Outline, IReadOnlyDictionary<string, string> Tags);
