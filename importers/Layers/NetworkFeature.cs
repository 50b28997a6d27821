namespace TwinCity.Importers.Layers;

/// <summary>
/// A street segment, utility node or edge ready to be drawn: its entity description and its WGS 84
/// geometry (one or more polylines; a single one-point line is a node, drawn as a square).
/// </summary>
/// <param name="Id">Stable entity id, e.g. <c>osm:way/123#0</c>.</param>
/// <param name="Kind">One of <c>NetworkEntityKinds</c>.</param>
/// <param name="Name">Display name, or null.</param>
/// <param name="LengthMetres">Length on the ellipsoid; 0 for a node.</param>
/// <param name="Attributes">Source attributes, as strings.</param>
/// <param name="Lines">Longitude/latitude polylines.</param>
/// <param name="Width">Ribbon width (or node square side) in metres.</param>
public sealed record NetworkFeature(
    string Id,
    string Kind,
    string? Name,
    double LengthMetres,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<(double Longitude, double Latitude)[]> Lines,
    float Width);
