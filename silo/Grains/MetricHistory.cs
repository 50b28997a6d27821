using System.Diagnostics.CodeAnalysis;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Persistence;

namespace TwinCity.Silo.Grains;

/// <summary>One point of a metric's history as it is held and stored: UTC ticks and value.</summary>
/// <param name="Ticks">UTC ticks of the reading.</param>
/// <param name="Value">The value, as a float (history is for charts, not for accounting).</param>
public readonly record struct StoredPoint(long Ticks, float Value);

/// <summary>
/// A bounded ring of (time, value) per metric, in time order: an entity keeps its recent past without
/// growing past its capacity. A reading newer than every one recorded costs two array writes; a late one
/// (packs that raced, a sensor sending what it buffered) is put in its place, moving the newer held points
/// one place on; one at a time already held is a replay and changes nothing. A range query is a scan
/// from the newest end.
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

    /// <summary>
    /// Records a point in time order, whether it is the newest or late (see <see cref="Insert"/>); false
    /// when nothing was recorded (a replay, or older than the ring keeps). For a ring whose older points
    /// are all held; <see cref="PersistedHistory"/> reads its stored ones back before a late point.
    /// </summary>
    public bool Add(int metricIndex, DateTimeOffset time, double value) =>
        TryAppend(metricIndex, time.UtcTicks, (float)value) || Insert(metricIndex, time.UtcTicks, (float)value) >= 0;

    /// <summary>Appends a point newer than every one the metric recorded; false, doing nothing, for any other.</summary>
    public bool TryAppend(int metricIndex, long ticks, float value)
    {
        var ring = RingOf(metricIndex);
        if (ticks <= ring.NewestTicks)
        {
            return false;
        }

        ring.Add(ticks, value);
        return true;
    }

    /// <summary>
    /// Puts a point among the held ones by its time, moving the newer ones one place on (their absolute
    /// indices grow by one). Returns its absolute index, or -1 when a held point has that time (a replay)
    /// or the ring is full and the point is older than all it holds.
    /// </summary>
    public long Insert(int metricIndex, long ticks, float value) => RingOf(metricIndex).Insert(ticks, value);

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

    /// <summary>Absolute index of the oldest held point at or after <paramref name="ticks"/> (<see cref="Total"/> when there is none).</summary>
    public long FirstHeldAtOrAfter(int metricIndex, long ticks)
    {
        if (!TryGetRing(metricIndex, out var ring))
        {
            return 0;
        }

        return ring.Total - ring.Count + ring.FirstAtOrAfter(ticks, ring.Count);
    }

    /// <summary>Ticks of the oldest point held, or null when none is held.</summary>
    public long? OldestHeldTicks(int metricIndex) =>
        TryGetRing(metricIndex, out var ring) && ring.Count > 0 ? ring[0].Ticks : null;

    /// <summary>
    /// After an activation: the metric had recorded <paramref name="total"/> points before, none of them
    /// held yet, the newest at <paramref name="newestTicks"/> (0 when unknown), so a point no newer than
    /// that is known to be late. Ignored when the metric already records points in this activation.
    /// </summary>
    public void Resume(int metricIndex, long total, long newestTicks = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        var ring = RingOf(metricIndex);
        if (ring.Total == 0)
        {
            ring.Total = total;
            ring.NewestTicks = newestTicks;
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

        ring.Reset(lowest, merged);
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

        ring.Forget(before);
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
    /// The held points, in blocks of <see cref="HistoryChunkStore.ChunkPoints"/> aligned like the stored chunks: block k
    /// holds the points with absolute indices [k·256, (k+1)·256). A point moves only when a late one is put before it.
    /// Letting go of written chunks drops whole blocks, and a point beyond the capacity just stops being held.
    /// </summary>
    /// <remarks>
    /// The ring this replaced was one pair of arrays that doubled as they filled and were copied anew whenever
    /// written chunks were let go, every write-behind: arrays that lived through a write-behind interval, long
    /// enough to die in the oldest generation. The history benchmark (<c>-- history</c>) measured 30–52 B
    /// allocated per point recorded with it, 13–28 B with blocks; the points themselves are 12 B.
    /// </remarks>
    private sealed class Ring(int capacity)
    {
        private const int BlockPoints = HistoryChunkStore.ChunkPoints;

        // A block starts this small and doubles, so a metric that reports rarely costs little...
        private const int FirstLength = 16;

        // ...unless its last block filled within this much reading time: then the next block is soon full too.
        private static readonly long FilledFast = TimeSpan.FromHours(1).Ticks;

        private readonly List<Block> _blocks = []; // oldest first, consecutive
        private long _firstBlock; // the block number of _blocks[0]
        private bool _reportsOften;

        public int Count { get; private set; }

        /// <summary>Points recorded in all, including those no longer (or not yet) held. Set only while none is held.</summary>
        public long Total { get; set; }

        /// <summary>UTC ticks of the newest point recorded, held or not (0: none, or unknown after a restart).</summary>
        public long NewestTicks { get; set; }

        /// <summary>The i-th oldest point held.</summary>
        public (long Ticks, float Value) this[int i]
        {
            get
            {
                var index = Total - Count + i;
                var block = _blocks[(int)((index / BlockPoints) - _firstBlock)];
                var at = (int)(index % BlockPoints);
                return (block.Ticks[at], block.Values[at]);
            }
        }

        /// <summary>The first of the oldest <paramref name="count"/> held points at or after <paramref name="ticks"/> (<paramref name="count"/> when none is).</summary>
        public int FirstAtOrAfter(long ticks, int count)
        {
            int low = 0, high = count;
            while (low < high)
            {
                var middle = (low + high) >>> 1;
                if (this[middle].Ticks < ticks)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }

        /// <summary>See <see cref="MetricHistory.Insert"/>.</summary>
        public long Insert(long ticks, float value)
        {
            // The first held point not older than this one: a late point is mostly a few places from the newest
            // end (packs that raced), so look there first, then halve what is left.
            var high = Count;
            while (high > 0 && Count - high < 8 && this[high - 1].Ticks >= ticks)
            {
                high--;
            }

            var low = high > 0 && this[high - 1].Ticks >= ticks ? FirstAtOrAfter(ticks, high) : high;

            if (low < Count && this[low].Ticks == ticks)
            {
                return -1; // a replay
            }

            if (low == Count)
            {
                // Newer than every held point (none is held, or the newer ones are not): it goes last.
                Add(ticks, value);
                return Total - 1;
            }

            if (low == 0 && Count == capacity)
            {
                return -1; // it would be the oldest point, and the first to go
            }

            // Grow by one at the newest end (the ring may let its oldest point go), then move the points
            // from the insertion place one on, newest first.
            var at = Total - Count + low;
            var (lastTicks, lastValue) = this[Count - 1];
            Add(lastTicks, lastValue);
            for (var index = Total - 2; index > at; index--)
            {
                Copy(index - 1, index);
            }

            Set(at, ticks, value);
            return at;
        }

        public void Add(long ticks, float value)
        {
            var at = (int)(Total % BlockPoints);
            if (_blocks.Count == 0 || at == 0)
            {
                Open(Total / BlockPoints, at);
            }

            var block = _blocks[^1];
            if (at >= block.Ticks.Length)
            {
                block.Grow(at + 1);
            }

            block.Ticks[at] = ticks;
            block.Values[at] = value;
            NewestTicks = Math.Max(NewestTicks, ticks);
            if (at == BlockPoints - 1)
            {
                // Its first point is real only when the block was filled from its start (not resumed midway).
                _reportsOften = block.Ticks[0] != 0 && ticks - block.Ticks[0] < FilledFast;
            }

            Total++;
            Count = Math.Min(Count + 1, capacity);
            DropBlocksBefore(Total - Count);
        }

        /// <summary>Stops holding the points before absolute index <paramref name="index"/>.</summary>
        public void Forget(long index)
        {
            if (index > Total - Count)
            {
                Count = (int)(Total - Math.Min(index, Total));
                DropBlocksBefore(index);
            }
        }

        /// <summary>Holds exactly <paramref name="points"/> (at most the capacity), the first with absolute index <paramref name="first"/>.</summary>
        public void Reset(long first, List<StoredPoint> points)
        {
            _blocks.Clear();
            Count = 0;
            Total = first;
            foreach (var point in points)
            {
                Add(point.Ticks, point.Value);
            }
        }

        private void Copy(long from, long to)
        {
            var source = _blocks[(int)((from / BlockPoints) - _firstBlock)];
            var at = (int)(from % BlockPoints);
            Set(to, source.Ticks[at], source.Values[at]);
        }

        private void Set(long index, long ticks, float value)
        {
            var block = _blocks[(int)((index / BlockPoints) - _firstBlock)];
            var at = (int)(index % BlockPoints);
            block.Ticks[at] = ticks;
            block.Values[at] = value;
        }

        private void Open(long number, int at)
        {
            if (_blocks.Count == 0)
            {
                _firstBlock = number;
            }

            _blocks.Add(new Block(_reportsOften ? BlockPoints : Math.Min(BlockPoints, Math.Max(FirstLength, at + 1))));
        }

        private void DropBlocksBefore(long index)
        {
            var whole = (int)Math.Min(_blocks.Count, (index / BlockPoints) - _firstBlock);
            if (whole > 0)
            {
                _blocks.RemoveRange(0, whole);
                _firstBlock += whole;
            }
        }

        private sealed class Block(int length)
        {
            public long[] Ticks = new long[length];
            public float[] Values = new float[length];

            public void Grow(int atLeast)
            {
                var length = Math.Min(BlockPoints, Math.Max(atLeast, Ticks.Length * 2));
                Array.Resize(ref Ticks, length);
                Array.Resize(ref Values, length);
            }
        }
    }
}
