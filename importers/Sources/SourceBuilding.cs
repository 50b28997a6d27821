using NetTopologySuite.Geometries;

namespace TwinCity.Importers.Sources;

/// <summary>
/// A building as a reader found it, before heights, reprojection and tiling.
/// </summary>
/// <param name="Id">Stable id from the source, e.g. <c>osm:way/123</c> or <c>osm:relation/45</c>.</param>
/// <param name="Footprint">Footprint in geographic coordinates: X = longitude, Y = latitude (WGS 84, degrees).</param>
/// <param name="Tags">Source attributes as strings, keys verbatim (e.g. <c>building:levels</c>).</param>
/// <param name="Surfaces">
/// The building's real 3D surfaces (roofs, walls, ground) when the source models them (CityJSON),
/// in WGS 84 with Z = height in metres; null when the building is to be extruded from its footprint.
/// </param>
public sealed record SourceBuilding(string Id, MultiPolygon Footprint, IReadOnlyDictionary<string, string> Tags, IReadOnlyList<Polygon>? Surfaces = null);
