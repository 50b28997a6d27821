namespace TwinCity.Models.Entities;

/// <summary>
/// The static description of a building, as the importer produced it.
/// </summary>
/// <param name="Id">Stable id derived from the source, e.g. <c>osm:way/123</c>.</param>
/// <param name="Name">Display name, or null when the source has none.</param>
/// <param name="Height">Top of the building in metres above ground.</param>
/// <param name="MinHeight">Bottom of the building's volume in metres (non-zero for overhangs).</param>
/// <param name="HeightEstimated">True when the height is the documented default rather than data.</param>
/// <param name="FootprintArea">Footprint area in square metres (local frame).</param>
/// <param name="TileId">The tile whose mesh holds this building.</param>
/// <param name="FeatureIndex">This building's <c>_FEATURE_ID_0</c> inside its tile.</param>
/// <param name="Attributes">Selected source attributes (e.g. OSM tags) as strings.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.BuildingInfo")]
public sealed record BuildingInfo(
    string Id,
    string? Name,
    double Height,
    double MinHeight,
    bool HeightEstimated,
    double FootprintArea,
    string TileId,
    int FeatureIndex,
    IReadOnlyDictionary<string, string> Attributes);
