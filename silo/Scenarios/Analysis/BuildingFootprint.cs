namespace TwinCity.Silo.Scenarios.Analysis;

/// <summary>A point of the local frame, metres east (X) and north (Y) of the city origin.</summary>
public readonly record struct PlanePoint(double X, double Y);

/// <summary>A building as the analyses see it: a prism over its footprint.</summary>
/// <param name="Id">Stable id, e.g. <c>osm:way/123</c>, or a scenario's own id for an added building.</param>
/// <param name="Footprint">Outer ring in the local frame, counter-clockwise or clockwise, not repeating the first point.</param>
/// <param name="Height">Metres above ground of the roof.</param>
/// <param name="FloorArea">Gross floor area in m² (footprint × storeys), which drives trip demand.</param>
public sealed record BuildingFootprint(string Id, IReadOnlyList<PlanePoint> Footprint, double Height, double FloorArea)
{
    /// <summary>The footprint's centroid (vertex mean: good enough to place a building on the street graph).</summary>
    public PlanePoint Centre
    {
        get
        {
            double x = 0, y = 0;
            foreach (var p in Footprint)
            {
                x += p.X;
                y += p.Y;
            }

            return new PlanePoint(x / Footprint.Count, y / Footprint.Count);
        }
    }
}
