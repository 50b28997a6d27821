namespace TwinCity.Importers.Networks;

/// <summary>
/// A node of a utility network: an OpenStreetMap node where two or more utility lines meet, or
/// where a line ends.
/// </summary>
/// <param name="Id">Stable id, <c>osm:node/&lt;id&gt;</c>.</param>
/// <param name="Longitude">WGS 84 degrees east.</param>
/// <param name="Latitude">WGS 84 degrees north.</param>
public sealed record UtilityNode(string Id, double Longitude, double Latitude);
