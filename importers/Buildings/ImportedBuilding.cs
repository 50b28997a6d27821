using NetTopologySuite.Geometries;
using TwinCity.Importers.Geodesy;

namespace TwinCity.Importers.Buildings;

/// <summary>A building ready for tiling: footprint in the local frame (metres, X east, Y north) and resolved heights.</summary>
/// <param name="Id">Stable id from the source, e.g. <c>osm:way/123</c>.</param>
/// <param name="Footprint">Footprint in the city's local frame (reprojected from the source on demand).</param>
/// <param name="Height">Resolved heights.</param>
/// <param name="Tags">Source attributes, verbatim.</param>
/// <param name="Surfaces">Real 3D surfaces in the local frame (Z up from the origin), or null to extrude the footprint.</param>
public sealed record ImportedBuilding(string Id, LocalFootprint Footprint, ResolvedHeight Height, IReadOnlyDictionary<string, string> Tags, IReadOnlyList<Polygon>? Surfaces = null)
{
    /// <summary>Highest point of the building above the city origin, in metres (computed once: the tiler asks for every building).</summary>
    public double Top { get; } = Surfaces is null ? Height.Height : HighestPoint(Surfaces);

    /// <summary>The building's name from its <c>name</c> tag, if any.</summary>
    public string? Name => Tags.TryGetValue("name", out var name) ? name : null;

    private static double HighestPoint(IReadOnlyList<Polygon> surfaces)
    {
        var top = double.NegativeInfinity;
        foreach (var surface in surfaces)
        {
            foreach (var c in surface.Coordinates)
            {
                if (c.Z > top)
                {
                    top = c.Z; // like LINQ's Max, a missing (NaN) height is skipped
                }
            }
        }

        return top;
    }
}
