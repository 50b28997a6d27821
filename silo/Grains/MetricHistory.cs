using System.Diagnostics.CodeAnalysis;
using TwinCity.Models.Metrics;

namespace TwinCity.Silo.Grains;

/// <summary>One point of a metric's history as it is held and stored: UTC ticks and value.</summary>
/// <param name="Ticks">UTC ticks of the reading.</param>
/// <param name="Value">The value, as a float (history is for charts, not for accounting).</param>
public readonly record struct StoredPoint(long Ticks, float Value);

/// <summary>
/// A bounded ring of (time, value) per metric: an entity keeps its recent past without growing past
/// its capacity, and a reading costs two array writes. Times only move forward (older readings are refused upstream),
/// so a range query is a scan from the newest end.
/// </summary>
/// <remarks>
/// Every point has an absolute index: the number of points the metric had recorded before it, across
/// activations. <see cref="PersistedHistory"/> stores the ring in chunks by that index, and after a
/// restart <see cref="Resume"/> and <see cref="PrependOlder"/> put the stored points back in front of new ones.
/// </remarks>
public sealed class MetricHistory(int capacity)
{
    private Ring?[] _rings = []; // by metric index; an entity has a handful of metrics

    /// <summary>Most points held per metric.</summary>
    public int Capacity => capacity;

    /// <summary>The metrics that have a history.</summary>
    public IEnumerable<int> Metrics => Enumerable.Range(0, _rings.Length).Where(m => _rings[m] is not null);

    /// <summary>Records a value the entity accepted.</summary>
    public void Add(int metricIndex, DateTimeOffset time, double value) =>
        RingOf(metricIndex).Add(time.UtcTicks, (float)value);

    /// <summary>Points in [from, to], oldest first, the newest <paramref name="maxPoints"/> of them.</summary>
    public List<HistoryPoint> Query(int metricIndex, DateTimeOffset from, DateTimeOffset to, int maxPoints)
    {
        var points = new List<HistoryPoint>();
        if (!TryGetRing(metricIndex, out var ring))
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

    /// <summary>How many points the metric has recorded, held or not.</summary>
    public long Total(int metricIndex) => TryGetRing(metricIndex, out var ring) ? ring.Total : 0;

    /// <summary>Absolute index of the oldest point held in memory (equal to <see cref="Total"/> when none is held).</summary>
    public long FirstHeld(int metricIndex) => TryGetRing(metricIndex, out var ring) ? ring.Total - ring.Count : 0;

    /// <summary>Ticks of the oldest point held, or null when none is held.</summary>
    public long? OldestHeldTicks(int metricIndex) =>
        TryGetRing(metricIndex, out var ring) && ring.Count > 0 ? ring[0].Ticks : null;

    /// <summary>
    /// After an activation: the metric had recorded <paramref name="total"/> points before, none of them
    /// held yet. Ignored when the metric already records points in this activation.
    /// </summary>
    public void Resume(int metricIndex, long total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        var ring = RingOf(metricIndex);
        if (ring.Total == 0)
        {
            ring.Total = total;
        }
    }

    /// <summary>Appends the held points with absolute indices in [<paramref name="from"/>, <paramref name="to"/>) to <paramref name="into"/>.</summary>
    public void CopyHeld(int metricIndex, long from, long to, List<StoredPoint> into)
    {
        if (!TryGetRing(metricIndex, out var ring))
        {
            return;
        }

        var first = ring.Total - ring.Count;
        for (var abs = Math.Max(from, first); abs < Math.Min(to, ring.Total); abs++)
        {
            var (ticks, value) = ring[(int)(abs - first)];
            into.Add(new StoredPoint(ticks, value));
        }
    }

    /// <summary>
    /// Puts older points, the first of which has absolute index <paramref name="start"/>, in front of the
    /// held ones: those already held or beyond the capacity are skipped, so a chunk read twice changes nothing.
    /// </summary>
    public void PrependOlder(int metricIndex, long start, IReadOnlyList<StoredPoint> points)
    {
        var ring = RingOf(metricIndex);
        var firstHeld = ring.Total - ring.Count;
        var lowest = Math.Max(start, ring.Total - capacity);
        if (lowest >= firstHeld || start + points.Count < firstHeld)
        {
            // Nothing new, or a gap between these points and the held ones: a ring has no holes.
            return;
        }

        var merged = new List<StoredPoint>(ring.Count + points.Count);
        for (var abs = lowest; abs < firstHeld; abs++)
        {
            merged.Add(points[(int)(abs - start)]);
        }

        for (var i = 0; i < ring.Count; i++)
        {
            var (ticks, value) = ring[i];
            merged.Add(new StoredPoint(ticks, value));
        }

        ring.Reset(merged);
    }

    /// <summary>
    /// Stops holding the points with absolute indices below <paramref name="before"/> (ones already stored,
    /// which a query reads back when it reaches that far), and gives back the memory they took.
    /// </summary>
    public void ForgetBefore(int metricIndex, long before)
    {
        if (!TryGetRing(metricIndex, out var ring) || before <= ring.Total - ring.Count)
        {
            return;
        }

        var kept = new List<StoredPoint>((int)Math.Max(0, ring.Total - before));
        CopyHeld(metricIndex, before, ring.Total, kept);
        ring.Reset(kept);
    }

    private Ring RingOf(int metricIndex)
    {
        if (!TryGetRing(metricIndex, out var ring))
        {
            if (metricIndex >= _rings.Length)
            {
                Array.Resize(ref _rings, metricIndex + 1);
            }

            _rings[metricIndex] = ring = new Ring(capacity);
        }

        return ring;
    }

    private bool TryGetRing(int metricIndex, [NotNullWhen(true)] out Ring? ring)
    {
        ring = metricIndex >= 0 && metricIndex < _rings.Length ? _rings[metricIndex] : null;
        return ring is not null;
    }

    /// <summary>
    /// Grows by doubling up to its capacity, so an entity that reports rarely costs little; it only
    /// wraps around once full (before that, oldest is index 0).
    /// </summary>
    private sealed class Ring(int capacity)
    {
        private long[] _ticks = new long[Math.Min(4, capacity)];
        private float[] _values = new float[Math.Min(4, capacity)];
        private int _next;

        public int Count { get; private set; }

        /// <summary>Points recorded in all, including those no longer (or not yet) held.</summary>
        public long Total { get; set; }

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
            Total++;
        }

        /// <summary>Holds exactly <paramref name="points"/> (at most the capacity), oldest first; the total stays.</summary>
        public void Reset(List<StoredPoint> points)
        {
            var size = Math.Min(capacity, Math.Max(4, points.Count));
            _ticks = new long[size];
            _values = new float[size];
            for (var i = 0; i < points.Count; i++)
            {
                _ticks[i] = points[i].Ticks;
                _values[i] = points[i].Value;
            }

            Count = points.Count;
            _next = Count % size;
        }
    }
}
