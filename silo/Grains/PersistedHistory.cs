using TwinCity.Models.Metrics;
using TwinCity.Silo.Persistence;

namespace TwinCity.Silo.Grains;

/// <summary>
/// An entity's <see cref="MetricHistory"/> with its chunks in the blob store. New points go to memory
/// only (a late one to its place by time, stored chunks read back first when memory does not reach it);
/// <see cref="FlushAsync"/> (run with the entity's write-behind) writes the chunks they touched
/// once a chunk has filled or the oldest unwritten point has waited <paramref name="flushAfter"/>, then
/// memory lets go of the chunks before the one still filling. Stored points come back lazily (after a
/// restart too), when a query reaches past what memory holds. So an active sensor costs memory for at
/// most a chunk and its unwritten points, not its whole ring (34 KB at 2,880 points).
/// Without a chunk store (unit-test clusters keep state in memory) it is the plain ring.
/// </summary>
/// <param name="entityId">The entity, for blob names.</param>
/// <param name="memory">The ring.</param>
/// <param name="chunks">The store, or null.</param>
/// <param name="stored">Points stored per metric (up to the last flush): part of the entity's persisted state, updated here.</param>
/// <param name="flushAfter">Longest wait of an unwritten point whose chunk is not full.</param>
/// <param name="clock">The clock.</param>
/// <param name="retentionOf">How long a metric's points may be kept (its sensors' retention), or null for no limit but the ring's.</param>
/// <remarks>
/// Retention: a query never returns a point older than its metric's retention, and
/// <see cref="ExpireIfDueAsync"/> deletes the stored chunks whose points are all older, so the store
/// keeps at most one chunk past it (whose older points are never served).
/// </remarks>
public sealed class PersistedHistory(
    string entityId, MetricHistory memory, HistoryChunkStore? chunks, EntityMetrics stored, TimeSpan flushAfter, TimeProvider clock,
    Func<int, ValueTask<TimeSpan?>>? retentionOf = null)
{
    private static readonly TimeSpan ExpiryInterval = TimeSpan.FromHours(1);
    private Dictionary<int, long>? _expiredBelow; // per metric: the chunks below this one are deleted or were never stored
    private long _expiredAt = -1; // timestamp of the last expiry, or -1
    private HashSet<int>? _exhausted; // metrics whose stored chunks are all read (allocated on first need)
    private Dictionary<int, long>? _movedFrom; // per metric: the lowest index a late point moved since the last write
    private long _pendingSince = -1; // timestamp of the first point recorded since the last write, or -1

    /// <summary>True when points were recorded since the last write.</summary>
    public bool HasUnstored => memory.Metrics.Any(m => memory.Total(m) > stored.StoredCount(m));

    /// <summary>
    /// Restores the count of points each metric stored before this activation, and the time of its latest
    /// value (no older than its newest point), so a late reading is known as such before any chunk is read.
    /// </summary>
    public void Resume()
    {
        for (var metric = 0; metric < stored.HistoryStored.Length; metric++)
        {
            if (stored.HistoryStored[metric] > 0)
            {
                memory.Resume(metric, stored.HistoryStored[metric], metric < stored.Ticks.Length ? stored.Ticks[metric] : 0);
            }
        }
    }

    /// <summary>
    /// Records a reading in time order: true when it was recorded, false for a replay (a point with that
    /// time is held) or one older than the ring keeps. The newest reading costs two array writes; a late one
    /// first reads back the stored chunks down to its time, if memory does not reach that far, and its
    /// chunk and the newer ones are written again at the next write.
    /// </summary>
    public ValueTask<bool> AddAsync(int metricIndex, DateTimeOffset time, double value)
    {
        var ticks = time.UtcTicks;
        if (memory.TryAppend(metricIndex, ticks, (float)value))
        {
            Pending();
            return ValueTask.FromResult(true);
        }

        // Late: its place is among the held points when memory reaches back past it (mostly: packs that raced).
        return chunks is null || memory.OldestHeldTicks(metricIndex) < ticks
            ? ValueTask.FromResult(Insert(metricIndex, ticks, (float)value))
            : AddLateAsync(metricIndex, ticks, (float)value);
    }

    private async ValueTask<bool> AddLateAsync(int metricIndex, long ticks, float value)
    {
        await ReachBackAsync(metricIndex, ticks, CancellationToken.None);
        return Insert(metricIndex, ticks, value);
    }

    private bool Insert(int metricIndex, long ticks, float value)
    {
        var at = memory.Insert(metricIndex, ticks, value);
        if (at < 0)
        {
            return false;
        }

        // The stored chunks from this index on hold the points where they were before: the next write
        // rewrites them. The stored count itself stays, so a restart before then finds them consistent.
        _movedFrom ??= [];
        _movedFrom[metricIndex] = _movedFrom.TryGetValue(metricIndex, out var lowest) ? Math.Min(lowest, at) : at;
        Pending();
        return true;
    }

    private void Pending()
    {
        if (_pendingSince < 0)
        {
            _pendingSince = clock.GetTimestamp();
        }
    }

    /// <summary>Points in [from, to], oldest first, the newest <paramref name="maxPoints"/>; reads stored chunks when memory does not reach back to <paramref name="from"/>.</summary>
    public async Task<List<HistoryPoint>> QueryAsync(int metricIndex, DateTimeOffset from, DateTimeOffset to, int maxPoints)
    {
        if (retentionOf is not null && await retentionOf(metricIndex) is { } kept && from < clock.GetUtcNow() - kept)
        {
            from = clock.GetUtcNow() - kept; // the register promises nothing older is kept, so nothing older is served
        }

        await ReachBackAsync(metricIndex, from.UtcTicks, CancellationToken.None);
        return memory.Query(metricIndex, from, to, maxPoints);
    }

    // Reads stored chunks back in front of the held points until memory holds a point older than ticks, or all the ring keeps.
    private async Task ReachBackAsync(int metricIndex, long ticks, CancellationToken cancellationToken)
    {
        if (chunks is null)
        {
            return;
        }

        var lowest = Math.Max(0, memory.Total(metricIndex) - memory.Capacity);
        while (_exhausted?.Contains(metricIndex) != true
            && memory.FirstHeld(metricIndex) > lowest
            && (memory.OldestHeldTicks(metricIndex) is not { } oldest || oldest >= ticks))
        {
            if (!await LoadChunkBeforeAsync(metricIndex, cancellationToken))
            {
                (_exhausted ??= []).Add(metricIndex);
            }
        }
    }

    /// <summary>
    /// Writes the chunks that gained points since the last write: for each metric whose current chunk
    /// filled meanwhile, the chunks that filled; for all, down to the last point, when the oldest unwritten
    /// point has waited long enough or <paramref name="force"/> is set (deactivation). Advances the stored counts; the caller then
    /// writes its state, which carries them. A chunk only partly held (the first write after a restart)
    /// is completed from the store first, so a rewrite never drops its older points.
    /// </summary>
    /// <returns>True when a stored count advanced (the caller's state must be written).</returns>
    public async Task<bool> FlushAsync(bool force, CancellationToken cancellationToken)
    {
        var due = force || (_pendingSince >= 0 && clock.GetElapsedTime(_pendingSince) >= flushAfter);
        var written = false;
        foreach (var metric in memory.Metrics.ToList())
        {
            var total = memory.Total(metric);
            var from = _movedFrom?.TryGetValue(metric, out var moved) == true ? Math.Min(moved, stored.StoredCount(metric)) : stored.StoredCount(metric);
            var filled = total / HistoryChunkStore.ChunkPoints > from / HistoryChunkStore.ChunkPoints;
            if (total <= from || !(due || filled))
            {
                continue;
            }

            // Before the interval is due, only the chunks that filled: the one still filling waits. At a few readings
            // a second a chunk fills between two calls, and writing the start of the next one with it wrote every
            // chunk twice, a file write each (at 100,000 sensors, history chunk writes were a quarter of the
            // sustained cost). Without a store, nothing is written, so nothing waits.
            var end = due || chunks is null ? total : total / HistoryChunkStore.ChunkPoints * HistoryChunkStore.ChunkPoints;

            if (chunks is not null)
            {
                var first = from / HistoryChunkStore.ChunkPoints;
                var chunkStart = first * HistoryChunkStore.ChunkPoints;
                if (memory.FirstHeld(metric) > chunkStart && from > chunkStart)
                {
                    await LoadChunkBeforeAsync(metric, cancellationToken);
                }

                var points = new List<StoredPoint>(HistoryChunkStore.ChunkPoints);
                for (var chunk = first; chunk <= (end - 1) / HistoryChunkStore.ChunkPoints; chunk++)
                {
                    var start = Math.Max(chunk * HistoryChunkStore.ChunkPoints, memory.FirstHeld(metric));
                    points.Clear();
                    memory.CopyHeld(metric, start, (chunk + 1) * HistoryChunkStore.ChunkPoints, points);
                    if (points.Count == 0)
                    {
                        continue; // more points came than the ring holds: this chunk's are gone already
                    }

                    await chunks.WriteAsync(entityId, metric, chunk, start, points, cancellationToken);
                }
            }

            stored.SetStoredCount(metric, end);
            _movedFrom?.Remove(metric);
            written = true;
            if (chunks is not null)
            {
                // Memory keeps the chunk still filling, so the next write needs no read; the older ones are
                // in the store, and a query that reaches them reads them back.
                memory.ForgetBefore(metric, total / HistoryChunkStore.ChunkPoints * HistoryChunkStore.ChunkPoints);
                _exhausted?.Remove(metric);
            }
        }

        if (!HasUnstored)
        {
            _pendingSince = -1;
        }

        return written;
    }

    /// <summary>
    /// At most once an hour: deletes each metric's stored chunks whose points are all older than its
    /// retention. Housekeeping, for the write-behind clock's call once the state is written, never for a
    /// deactivation: the retention comes from the register, a grain that a stopping silo may no longer
    /// answer for, and nothing that must be stored may wait on it. A failure leaves the hour unspent, so
    /// the next call tries again.
    /// </summary>
    public async Task ExpireIfDueAsync(CancellationToken cancellationToken)
    {
        if (chunks is null || retentionOf is null || (_expiredAt >= 0 && clock.GetElapsedTime(_expiredAt) < ExpiryInterval))
        {
            return;
        }

        foreach (var metric in memory.Metrics.ToList())
        {
            if (await retentionOf(metric) is { } kept)
            {
                await ExpireAsync(metric, (clock.GetUtcNow() - kept).UtcTicks, cancellationToken);
            }
        }

        _expiredAt = clock.GetTimestamp();
    }

    // Deletes the stored chunks whose points are all older than cutoff, oldest first up to the first with a newer
    // point, and lets memory go of the stored points older than cutoff.
    private async Task ExpireAsync(int metric, long cutoff, CancellationToken cancellationToken)
    {
        var storedCount = stored.StoredCount(metric);
        var first = Math.Max(Math.Max(0, memory.Total(metric) - memory.Capacity) / HistoryChunkStore.ChunkPoints, _expiredBelow?.GetValueOrDefault(metric) ?? 0);
        for (var chunk = first; chunk * HistoryChunkStore.ChunkPoints < storedCount; chunk++)
        {
            if (!await chunks!.DeleteIfOlderAsync(entityId, metric, chunk, cutoff, cancellationToken))
            {
                break;
            }

            (_expiredBelow ??= [])[metric] = chunk + 1;
        }

        memory.ForgetBefore(metric, Math.Min(storedCount, memory.FirstHeldAtOrAfter(metric, cutoff)));
    }

    // Reads the chunk holding the point just before the oldest held one and puts it in front; false when it is not stored.
    private async Task<bool> LoadChunkBeforeAsync(int metric, CancellationToken cancellationToken)
    {
        var before = memory.FirstHeld(metric) - 1;
        if (before < 0)
        {
            return false;
        }

        var chunk = await chunks!.ReadAsync(entityId, metric, before / HistoryChunkStore.ChunkPoints, cancellationToken);
        if (chunk is not { } found || found.Start + found.Points.Count <= before)
        {
            return false;
        }

        memory.PrependOlder(metric, found.Start, found.Points);
        return memory.FirstHeld(metric) <= before;
    }
}
