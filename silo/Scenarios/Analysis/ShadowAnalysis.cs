namespace TwinCity.Silo.Scenarios.Analysis;

/// <summary>
/// Hours of direct sun on a ground grid around changed buildings, hour by hour over a day: a cell
/// is in shade when the line from it towards the sun crosses a building's footprint below that
/// building's height, i.e. within height / tan(elevation) of the cell horizontally.
/// </summary>
public static class ShadowAnalysis
{
    /// <summary>Ground cell side in metres.</summary>
    public const double DefaultCellSize = 5;

    /// <summary>Sun elevation below which an hour is not counted (long grazing shadows, hills).</summary>
    public const double DefaultMinElevation = 10;

    /// <summary>Furthest distance from the changed buildings that is analysed, in metres.</summary>
    public const double DefaultMaxReach = 400;

    private const double BucketSize = 50;

    /// <summary>Compares the sun on the ground around <paramref name="changedIds"/> before and after.</summary>
    /// <param name="baseline">The buildings of the baseline.</param>
    /// <param name="scenario">The buildings of the scenario (with added, raised or removed ones).</param>
    /// <param name="changedIds">Ids of the buildings that differ; the grid covers their reach.</param>
    /// <param name="date">The day, hours counted in UTC.</param>
    /// <param name="latitude">City latitude.</param>
    /// <param name="longitude">City longitude.</param>
    /// <param name="cellSize">Ground cell side in metres.</param>
    public static ShadowResult Compare(
        IReadOnlyList<BuildingFootprint> baseline,
        IReadOnlyList<BuildingFootprint> scenario,
        IReadOnlySet<string> changedIds,
        DateOnly date,
        double latitude,
        double longitude,
        double cellSize = DefaultCellSize) =>
        CompareAt(baseline, scenario, changedIds, [.. Enumerable.Range(0, 24).Select(h => new DateTimeOffset(date.ToDateTime(new TimeOnly(h, 30)), TimeSpan.Zero))], latitude, longitude, cellSize);

    /// <summary>Like <see cref="Compare"/>, at the given instants (e.g. one moment instead of a day's hours).</summary>
    public static ShadowResult CompareAt(
        IReadOnlyList<BuildingFootprint> baseline,
        IReadOnlyList<BuildingFootprint> scenario,
        IReadOnlySet<string> changedIds,
        IReadOnlyList<DateTimeOffset> instants,
        double latitude,
        double longitude,
        double cellSize = DefaultCellSize)
    {
        ArgumentNullException.ThrowIfNull(instants);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(changedIds);
        var changed = baseline.Concat(scenario).Where(b => changedIds.Contains(b.Id)).ToArray();
        if (changed.Length == 0)
        {
            return new ShadowResult(cellSize, 0, 0, 0, 0, 0, 0);
        }

        var minTan = Math.Tan(DefaultMinElevation * Math.PI / 180);
        var reach = Math.Min(DefaultMaxReach, changed.Max(b => b.Height) / minTan);
        var (minX, minY, maxX, maxY) = Bounds(changed);
        (minX, minY, maxX, maxY) = (minX - reach, minY - reach, maxX + reach, maxY + reach);
        var columns = (int)Math.Ceiling((maxX - minX) / cellSize);
        var rows = (int)Math.Ceiling((maxY - minY) / cellSize);
        var suns = instants
            .Select(t => SolarPosition.At(t, latitude, longitude))
            .Where(s => s.ElevationDegrees >= DefaultMinElevation).ToArray();
        var before = SunHours(baseline, suns, minX, minY, columns, rows, cellSize);
        var after = SunHours(scenario, suns, minX, minY, columns, rows, cellSize);
        var cellArea = cellSize * cellSize;
        int ground = 0;
        double sunBefore = 0, sunAfter = 0, losing = 0, gaining = 0;
        for (var i = 0; i < before.Length; i++)
        {
            if (before[i] < 0 || after[i] < 0)
            {
                continue;
            }

            ground++;
            sunBefore += before[i];
            sunAfter += after[i];
            losing += after[i] < before[i] ? cellArea : 0;
            gaining += after[i] > before[i] ? cellArea : 0;
        }

        return new ShadowResult(cellSize, ground, sunBefore, sunAfter, losing, gaining, (sunBefore - sunAfter) * cellArea);
    }

    // Hours of sun per cell, or −1 for a cell whose centre is inside a building.
    private static int[] SunHours(IReadOnlyList<BuildingFootprint> buildings, (double Azimuth, double Elevation)[] suns, double minX, double minY, int columns, int rows, double cellSize)
    {
        var hours = new int[columns * rows];
        var (maxX, maxY) = (minX + (columns * cellSize), minY + (rows * cellSize));
        var near = buildings.Where(b => Overlaps(b, minX - DefaultMaxReach, minY - DefaultMaxReach, maxX + DefaultMaxReach, maxY + DefaultMaxReach)).ToArray();
        var inside = new Buckets(minX, minY, maxX, maxY);
        foreach (var b in near)
        {
            var (x0, y0, x1, y1) = Bounds([b]);
            inside.Add(b, x0, y0, x1, y1);
        }

        foreach (var (azimuth, elevation) in suns)
        {
            var (dx, dy) = (Math.Sin(azimuth * Math.PI / 180), Math.Cos(azimuth * Math.PI / 180));
            var tan = Math.Tan(elevation * Math.PI / 180);
            var shade = new Buckets(minX, minY, maxX, maxY);
            foreach (var b in near)
            {
                var length = b.Height / tan;
                var (x0, y0, x1, y1) = Bounds([b]);
                shade.Add(b, Math.Min(x0, x0 - (dx * length)), Math.Min(y0, y0 - (dy * length)), Math.Max(x1, x1 - (dx * length)), Math.Max(y1, y1 - (dy * length)));
            }

            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    var p = new PlanePoint(minX + ((c + 0.5) * cellSize), minY + ((r + 0.5) * cellSize));
                    var shaded = false;
                    foreach (var b in shade.At(p))
                    {
                        var length = b.Height / tan;
                        if (Crosses(b.Footprint, p, new PlanePoint(p.X + (dx * length), p.Y + (dy * length))))
                        {
                            shaded = true;
                            break;
                        }
                    }

                    hours[(r * columns) + c] += shaded ? 0 : 1;
                }
            }
        }

        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var p = new PlanePoint(minX + ((c + 0.5) * cellSize), minY + ((r + 0.5) * cellSize));
                if (inside.At(p).Any(b => Contains(b.Footprint, p)))
                {
                    hours[(r * columns) + c] = -1;
                }
            }
        }

        return hours;
    }

    /// <summary>Whether the segment from <paramref name="a"/> to <paramref name="b"/> touches the polygon (starts inside or crosses an edge).</summary>
    public static bool Crosses(IReadOnlyList<PlanePoint> ring, PlanePoint a, PlanePoint b)
    {
        if (Contains(ring, a) || Contains(ring, b))
        {
            return true;
        }

        for (int i = 0, j = ring.Count - 1; i < ring.Count; j = i++)
        {
            if (SegmentsIntersect(a, b, ring[j], ring[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Even-odd point-in-polygon test.</summary>
    public static bool Contains(IReadOnlyList<PlanePoint> ring, PlanePoint p)
    {
        var inside = false;
        for (int i = 0, j = ring.Count - 1; i < ring.Count; j = i++)
        {
            var (pi, pj) = (ring[i], ring[j]);
            if ((pi.Y > p.Y) != (pj.Y > p.Y) && p.X < ((pj.X - pi.X) * (p.Y - pi.Y) / (pj.Y - pi.Y)) + pi.X)
            {
                inside = !inside;
            }
        }

        return inside;
    }

    private static bool SegmentsIntersect(PlanePoint p1, PlanePoint p2, PlanePoint q1, PlanePoint q2)
    {
        var d1 = Cross(q1, q2, p1);
        var d2 = Cross(q1, q2, p2);
        var d3 = Cross(p1, p2, q1);
        var d4 = Cross(p1, p2, q2);
        return ((d1 > 0) != (d2 > 0)) && ((d3 > 0) != (d4 > 0));
    }

    private static double Cross(PlanePoint a, PlanePoint b, PlanePoint c) => ((b.X - a.X) * (c.Y - a.Y)) - ((b.Y - a.Y) * (c.X - a.X));

    private static bool Overlaps(BuildingFootprint b, double minX, double minY, double maxX, double maxY)
    {
        var (x0, y0, x1, y1) = Bounds([b]);
        return x1 >= minX && x0 <= maxX && y1 >= minY && y0 <= maxY;
    }

    private static (double MinX, double MinY, double MaxX, double MaxY) Bounds(IEnumerable<BuildingFootprint> buildings)
    {
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        foreach (var p in buildings.SelectMany(b => b.Footprint))
        {
            (minX, minY, maxX, maxY) = (Math.Min(minX, p.X), Math.Min(minY, p.Y), Math.Max(maxX, p.X), Math.Max(maxY, p.Y));
        }

        return (minX, minY, maxX, maxY);
    }

    // A coarse grid of lists: which buildings' boxes cover each 50 m bucket of the analysed area.
    private sealed class Buckets(double minX, double minY, double maxX, double maxY)
    {
        private readonly int columns = Math.Max(1, (int)Math.Ceiling((maxX - minX) / BucketSize));
        private readonly Dictionary<int, List<BuildingFootprint>> lists = [];

        public void Add(BuildingFootprint b, double x0, double y0, double x1, double y1)
        {
            var rows = (int)Math.Ceiling((maxY - minY) / BucketSize);
            for (var r = Math.Max(0, (int)((y0 - minY) / BucketSize)); r <= Math.Min(rows - 1, (int)((y1 - minY) / BucketSize)); r++)
            {
                for (var c = Math.Max(0, (int)((x0 - minX) / BucketSize)); c <= Math.Min(columns - 1, (int)((x1 - minX) / BucketSize)); c++)
                {
                    var key = (r * columns) + c;
                    if (!lists.TryGetValue(key, out var list))
                    {
                        lists[key] = list = [];
                    }

                    list.Add(b);
                }
            }
        }

        public IEnumerable<BuildingFootprint> At(PlanePoint p) =>
            lists.GetValueOrDefault((((int)((p.Y - minY) / BucketSize)) * columns) + (int)((p.X - minX) / BucketSize)) ?? [];
    }
}
