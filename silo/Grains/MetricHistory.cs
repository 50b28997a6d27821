using TwinCity.Models.Metrics;

namespace TwinCity.Silo.Grains;

/// <summary>
/// A bounded ring of (time, value) per metric: a building keeps its recent past without growing past
/// its capacity, and a reading costs two array writes. Times only move forward (older readings are refused upstream),
/// so a range query is a scan from the newest end.
/// </summary>
public sealed class MetricHistory(int capacity)
{
    private readonly Dictionary<int, Ring> _rings = [];

    /// <summary>Records a value the building accepted.</summary>
    public void Add(int metricIndex, DateTimeOffset time, double value)
    {
        if (!_rings.TryGetValue(metricIndex, out var ring))
        {
            _rings[metricIndex] = ring = new Ring(capacity);
        }

        ring.Add(time.UtcTicks, (float)value);
    }

    /// <summary>Points in [from, to], oldest first, the newest <paramref name="maxPoints"/> of them.</summary>
    public List<HistoryPoint> Query(int metricIndex, DateTimeOffset from, DateTimeOffset to, int maxPoints)
    {
        var points = new List<HistoryPoint>();
        if (!_rings.TryGetValue(metricIndex, out var ring))
        {
            return points;
        }

        for (var i = ring.Count - 1; i >= 0 && points.Count < maxPoints; i--)
        {
            var (ticks, value) = ring[i];
            if (ticks < from.UtcTicks)
            {
                break;
            }

            if (ticks <= to.UtcTicks)
            {
                points.Add(new HistoryPoint(new DateTimeOffset(ticks, TimeSpan.Zero), value));
            }
        }

        points.Reverse();
        return points;
    }

    /// <summary>
    /// Grows by doubling up to its capacity, so a building that reports rarely costs little; it only
    /// wraps around once full (before that, oldest is index 0).
    /// </summary>
    private sealed class Ring(int capacity)
    {
        private long[] _ticks = new long[Math.Min(16, capacity)];
        private float[] _values = new float[Math.Min(16, capacity)];
        private int _next;

        public int Count { get; private set; }

        /// <summary>The i-th oldest point.</summary>
        public (long Ticks, float Value) this[int i]
        {
            get
            {
                var at = (_next - Count + i + _ticks.Length) % _ticks.Length;
                return (_ticks[at], _values[at]);
            }
        }

        public void Add(long ticks, float value)
        {
            if (Count == _ticks.Length && _ticks.Length < capacity)
            {
                var size = Math.Min(capacity, _ticks.Length * 2);
                Array.Resize(ref _ticks, size);
                Array.Resize(ref _values, size);
                _next = Count;
            }

            _ticks[_next] = ticks;
            _values[_next] = value;
            _next = (_next + 1) % _ticks.Length;
            Count = Math.Min(Count + 1, _ticks.Length);
        }
    }
}
