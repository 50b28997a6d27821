using NetTopologySuite.Geometries;

namespace TwinCity.Importers.Buildings;

/// <summary>A building ready for tiling: footprint in the local frame (metres, X east, Y north) and resolved heights.</summary>
/// <param name="Id">Stable id from the source, e.g. <c>osm:way/123</c>.</param>
/// <param name="Footprint">Footprint in the city's local frame.</param>
/// <param name="Height">Resolved heights.</param>
/// <param name="Tags">Source attributes, verbatim.</param>
public sealed record ImportedBuilding(string Id, MultiPolygon Footprint, ResolvedHeight Height, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>The building's name from its <c>name</c> tag, if any.</summary>
    public string? Name => Tags.TryGetValue("name", out var name) ? name : null;
}
