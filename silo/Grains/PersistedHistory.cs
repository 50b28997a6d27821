using TwinCity.Models.Metrics;
using TwinCity.Silo.Persistence;

namespace TwinCity.Silo.Grains;

/// <summary>
/// An entity's <see cref="MetricHistory"/> with its chunks in the blob store. New points go to memory
/// only; <see cref="FlushAsync"/> (run with the entity's write-behind) writes the chunks they touched
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
public sealed class PersistedHistory(string entityId, MetricHistory memory, HistoryChunkStore? chunks, EntityMetrics stored, TimeSpan flushAfter, TimeProvider clock)
{
    private HashSet<int>? _exhausted; // metrics whose stored chunks are all read (allocated on first need)
    private long _pendingSince = -1; // timestamp of the first point recorded since the last write, or -1

    /// <summary>True when points were recorded since the last write.</summary>
    public bool HasUnstored => memory.Metrics.Any(m => memory.Total(m) > stored.StoredCount(m));

    /// <summary>Restores the count of points each metric stored before this activation.</summary>
    public void Resume()
    {
        for (var metric = 0; metric < stored.HistoryStored.Length; metric++)
        {
            if (stored.HistoryStored[metric] > 0)
            {
                memory.Resume(metric, stored.HistoryStored[metric]);
            }
        }
    }

    /// <summary>Records a value the entity accepted.</summary>
    public void Add(int metricIndex, DateTimeOffset time, double value)
    {
        memory.Add(metricIndex, time, value);
        if (_pendingSince < 0)
        {
            _pendingSince = clock.GetTimestamp();
        }
    }

    /// <summary>Points in [from, to], oldest first, the newest <paramref name="maxPoints"/>; reads stored chunks when memory does not reach back to <paramref name="from"/>.</summary>
    public async Task<List<HistoryPoint>> QueryAsync(int metricIndex, DateTimeOffset from, DateTimeOffset to, int maxPoints)
    {
        if (chunks is not null)
        {
            var lowest = Math.Max(0, memory.Total(metricIndex) - memory.Capacity);
            while (_exhausted?.Contains(metricIndex) != true
                && memory.FirstHeld(metricIndex) > lowest
                && (memory.OldestHeldTicks(metricIndex) is not { } oldest || oldest >= from.UtcTicks))
            {
                if (!await LoadChunkBeforeAsync(metricIndex, CancellationToken.None))
                {
                    (_exhausted ??= []).Add(metricIndex);
                }
            }
        }

        return memory.Query(metricIndex, from, to, maxPoints);
    }

    /// <summary>
    /// Writes the chunks that gained points since the last write, for each metric whose current chunk
    /// filled meanwhile, or for all when the oldest unwritten point has waited long enough or
    /// <paramref name="force"/> is set (deactivation), and advances the stored counts; the caller then
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
            var from = stored.StoredCount(metric);
            var filled = total / HistoryChunkStore.ChunkPoints > from / HistoryChunkStore.ChunkPoints;
            if (total <= from || !(due || filled))
            {
                continue;
            }

            if (chunks is not null)
            {
                var first = from / HistoryChunkStore.ChunkPoints;
                var chunkStart = first * HistoryChunkStore.ChunkPoints;
                if (memory.FirstHeld(metric) > chunkStart && from > chunkStart)
                {
                    await LoadChunkBeforeAsync(metric, cancellationToken);
                }

                var points = new List<StoredPoint>(HistoryChunkStore.ChunkPoints);
                for (var chunk = first; chunk <= (total - 1) / HistoryChunkStore.ChunkPoints; chunk++)
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

            stored.SetStoredCount(metric, total);
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
