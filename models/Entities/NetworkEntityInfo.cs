namespace TwinCity.Models.Entities;

/// <summary>
/// The static description of a street segment, utility node or utility edge, as the importer produced it
/// (DESIGN §2: one entity per segment/node/edge, one grain each).
/// </summary>
/// <param name="Id">Stable id from the source: <c>osm:way/123#0</c> (nth piece of a way), <c>osm:node/123</c>, <c>koeln:segment/ST001</c>.</param>
/// <param name="Kind">What it is: one of <see cref="NetworkEntityKinds"/>.</param>
/// <param name="Name">Display name, or null when the source has none.</param>
/// <param name="Layer">The tile layer drawing it: <c>streets</c> or <c>networks</c>.</param>
/// <param name="TileId">The tile whose mesh holds it (ids are unique across layers, e.g. <c>streets/t-0-1</c>).</param>
/// <param name="FeatureIndex">Its <c>_FEATURE_ID_0</c> inside its tile.</param>
/// <param name="LengthMetres">Length of a segment or edge on the ellipsoid; 0 for a node.</param>
/// <param name="Attributes">Source attributes as strings (e.g. highway, oneway, maxspeed, lanes, voltage, substance, operator).</param>
/// <param name="Licence">Licence of the source file, e.g. <c>ODbL-1.0</c>.</param>
/// <param name="Attribution">The attribution line the licence asks for.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.NetworkEntityInfo")]
public sealed record NetworkEntityInfo(
    string Id,
    string Kind,
    string? Name,
    string Layer,
    string TileId,
    int FeatureIndex,
    double LengthMetres,
    IReadOnlyDictionary<string, string> Attributes,
    string Licence,
    string Attribution);
