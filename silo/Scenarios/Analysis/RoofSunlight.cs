namespace TwinCity.Silo.Scenarios.Analysis;

/// <summary>
/// Hours of direct sun on buildings' roofs: the roof centre (footprint centre at roof height) is in shade
/// at an hour when the line from it towards the sun passes over a taller building's footprint below that
/// building's top, i.e. within (its height − roof height) / tan(elevation) horizontally. What a new or
/// raised building takes from its neighbours, building by building (the ground grid is <see cref="ShadowAnalysis"/>).
/// </summary>
public static class RoofSunlight
{
    /// <summary>Sun hours of each of <paramref name="targets"/>' roofs among <paramref name="buildings"/>, at the sun positions given.</summary>
    /// <param name="buildings">Every building that may cast a shadow (a target is skipped as its own shade).</param>
    /// <param name="targets">The roofs to evaluate.</param>
    /// <param name="suns">Sun azimuth (degrees clockwise from north) and elevation (degrees), one per hour; as on the ground, hours with the sun
    /// below <see cref="ShadowAnalysis.DefaultMinElevation"/> are not counted and shadows reach at most <see cref="ShadowAnalysis.DefaultMaxReach"/>.</param>
    public static Dictionary<string, int> Hours(IReadOnlyList<BuildingFootprint> buildings, IEnumerable<BuildingFootprint> targets, IReadOnlyList<(double Azimuth, double Elevation)> suns)
    {
        ArgumentNullException.ThrowIfNull(buildings);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(suns);
        var boxes = buildings.Select(Box).ToArray();
        var lit = suns.Where(s => s.Elevation >= ShadowAnalysis.DefaultMinElevation)
            .Select(s => (Dx: Math.Sin(s.Azimuth * Math.PI / 180), Dy: Math.Cos(s.Azimuth * Math.PI / 180), Tan: Math.Tan(s.Elevation * Math.PI / 180))).ToArray();
        var tallest = buildings.Count == 0 ? 0 : buildings.Max(b => b.Height);
        var hours = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            var c = target.Centre;
            // Only taller buildings within the longest shadow that can reach this roof matter.
            var reach = lit.Length == 0 ? 0 : Math.Min(ShadowAnalysis.DefaultMaxReach, (tallest - target.Height) / lit.Min(s => s.Tan));
            var casters = Enumerable.Range(0, buildings.Count)
                .Where(i => buildings[i].Height > target.Height && buildings[i].Id != target.Id && Near(boxes[i], c, reach)).ToArray();
            var count = 0;
            foreach (var (dx, dy, tan) in lit)
            {
                var shaded = false;
                foreach (var i in casters)
                {
                    var length = (buildings[i].Height - target.Height) / tan;
                    var end = new PlanePoint(c.X + (dx * length), c.Y + (dy * length));
                    if (Meets(boxes[i], c, end) && ShadowAnalysis.Crosses(buildings[i].Footprint, c, end))
                    {
                        shaded = true;
                        break;
                    }
                }

                count += shaded ? 0 : 1;
            }

            hours[target.Id] = count;
        }

        return hours;
    }

    private static (double MinX, double MinY, double MaxX, double MaxY) Box(BuildingFootprint b) =>
        (b.Footprint.Min(p => p.X), b.Footprint.Min(p => p.Y), b.Footprint.Max(p => p.X), b.Footprint.Max(p => p.Y));

    private static bool Near((double MinX, double MinY, double MaxX, double MaxY) box, PlanePoint p, double reach) =>
        p.X >= box.MinX - reach && p.X <= box.MaxX + reach && p.Y >= box.MinY - reach && p.Y <= box.MaxY + reach;

    private static bool Meets((double MinX, double MinY, double MaxX, double MaxY) box, PlanePoint a, PlanePoint b) =>
        Math.Max(a.X, b.X) >= box.MinX && Math.Min(a.X, b.X) <= box.MaxX && Math.Max(a.Y, b.Y) >= box.MinY && Math.Min(a.Y, b.Y) <= box.MaxY;
}
