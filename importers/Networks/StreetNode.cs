namespace TwinCity.Importers.Networks;

/// <summary>
/// A node of the street graph: an OpenStreetMap node where two or more highway ways meet, or where
/// a way ends.
/// </summary>
/// <param name="Id">Stable id, <c>osm:node/&lt;id&gt;</c>.</param>
/// <param name="Longitude">WGS 84 degrees east.</param>
/// <param name="Latitude">WGS 84 degrees north.</param>
public sealed record StreetNode(string Id, double Longitude, double Latitude);
