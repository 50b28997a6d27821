namespace TwinCity.Silo.Scenarios.Baseline;

/// <summary>Nearest point within a maximum distance, through a grid of buckets one maximum distance wide.</summary>
public sealed class NearestPoints
{
    private readonly double _cell;
    private readonly Dictionary<(long, long), List<BaselinePoint>> _buckets = [];

    /// <summary>Indexes <paramref name="points"/>.</summary>
    public NearestPoints(IEnumerable<BaselinePoint> points, double maxDistance)
    {
        ArgumentNullException.ThrowIfNull(points);
        _cell = maxDistance;
        foreach (var p in points)
        {
            var key = Key(p.X, p.Y);
            if (!_buckets.TryGetValue(key, out var list))
            {
                _buckets[key] = list = [];
            }

            list.Add(p);
        }
    }

    /// <summary>The id of the point nearest (x, y) within the maximum distance, or null.</summary>
    public string? Nearest(double x, double y)
    {
        var (cx, cy) = Key(x, y);
        string? best = null;
        var bestDistance = _cell * _cell;
        for (var dx = -1; dx <= 1; dx++)
        {
            for (var dy = -1; dy <= 1; dy++)
            {
                foreach (var p in _buckets.GetValueOrDefault((cx + dx, cy + dy)) ?? [])
                {
                    var d = ((p.X - x) * (p.X - x)) + ((p.Y - y) * (p.Y - y));
                    if (d <= bestDistance)
                    {
                        (best, bestDistance) = (p.Id, d);
                    }
                }
            }
        }

        return best;
    }

    private (long, long) Key(double x, double y) => ((long)Math.Floor(x / _cell), (long)Math.Floor(y / _cell));
}
