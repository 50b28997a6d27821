namespace TwinCity.Silo.Hosting;

/// <summary>
/// One sample of the process's clock, garbage collector and thread pool, taken by
/// <see cref="PauseWatch"/>. <see cref="Compare"/> is pure so that tests can give it the samples
/// of a stall without staging one.
/// </summary>
/// <param name="Timestamp">When the sample was taken, from <see cref="TimeProvider.GetTimestamp"/>.</param>
/// <param name="TicksPerSecond">The time provider's <see cref="TimeProvider.TimestampFrequency"/>.</param>
/// <param name="TotalPause">Time the collector has paused the process since it started.</param>
/// <param name="Collections">Collections of generation 0 (which counts every collection) so far.</param>
/// <param name="LastPauses">The latest collection of each kind (ephemeral, blocking full, background).</param>
/// <param name="Threads">Thread-pool threads.</param>
/// <param name="QueuedWork">Work items queued on the thread pool, not yet started.</param>
/// <param name="HeapBytes">Managed heap size after the latest collection.</param>
/// <param name="FullCollections">Collections of generation 2 so far, background or blocking.</param>
/// <param name="FragmentedBytes">Free space inside the heap after the latest collection.</param>
/// <param name="LargeObjectBytes">Size of the large-object heap after the latest collection (arrays of 85,000 bytes or more).</param>
public sealed record ProcessPulse(long Timestamp, long TicksPerSecond, TimeSpan TotalPause, int Collections,
    IReadOnlyList<CollectionPause> LastPauses, int Threads, long QueuedWork, long HeapBytes, int FullCollections = 0, long FragmentedBytes = 0,
    long LargeObjectBytes = 0)
{
    private static readonly GCKind[] Kinds = [GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background];

    /// <summary>Samples this process now.</summary>
    public static ProcessPulse Take(TimeProvider time)
    {
        var pauses = new CollectionPause[Kinds.Length];
        for (var i = 0; i < Kinds.Length; i++)
        {
            var info = GC.GetGCMemoryInfo(Kinds[i]);
            var paused = TimeSpan.Zero;
            foreach (var pause in info.PauseDurations)
                paused += pause;
            pauses[i] = new(info.Index, Kinds[i], info.Generation, info.Compacted, paused);
        }
        var latest = GC.GetGCMemoryInfo();
        return new(time.GetTimestamp(), time.TimestampFrequency, GC.GetTotalPauseDuration(), GC.CollectionCount(0), pauses,
            ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount, latest.HeapSizeBytes, GC.CollectionCount(2), latest.FragmentedBytes,
            latest.GenerationInfo.Length > 3 ? latest.GenerationInfo[3].SizeAfterBytes : 0);
    }

    /// <summary>
    /// What happened between two samples meant to be <paramref name="interval"/> apart; null when
    /// <paramref name="current"/> is not later than expected.
    /// </summary>
    public static ProcessStall? Compare(ProcessPulse previous, ProcessPulse current, TimeSpan interval)
    {
        var elapsed = TimeSpan.FromSeconds((double)(current.Timestamp - previous.Timestamp) / current.TicksPerSecond);
        if (elapsed <= interval)
            return null;
        CollectionPause? longest = null;
        for (var i = 0; i < current.LastPauses.Count && i < previous.LastPauses.Count; i++)
        {
            var pause = current.LastPauses[i];
            if (pause.Index != previous.LastPauses[i].Index && pause.Paused > (longest?.Paused ?? TimeSpan.Zero))
                longest = pause;
        }
        return new(elapsed - interval, current.TotalPause - previous.TotalPause, current.Collections - previous.Collections, longest);
    }
}

/// <summary>The pause of one garbage collection, as <see cref="GCMemoryInfo"/> reports it.</summary>
/// <param name="Index">The collection's number since the process started.</param>
/// <param name="Kind">Ephemeral (generations 0 and 1), blocking full, or background (generation 2 beside the program).</param>
/// <param name="Generation">The oldest generation it collected.</param>
/// <param name="Compacted">Whether it moved objects, which is what makes a full collection long.</param>
/// <param name="Paused">How long it stopped the process, all its pauses together.</param>
public readonly record struct CollectionPause(long Index, GCKind Kind, int Generation, bool Compacted, TimeSpan Paused);

/// <summary>A tick of <see cref="PauseWatch"/> that came late, and what the collector did meanwhile.</summary>
/// <param name="Late">How much later than planned the tick came.</param>
/// <param name="Paused">How long the collector paused the process between the two samples.</param>
/// <param name="Collections">How many collections ran between them.</param>
/// <param name="Longest">The longest pause among the latest collections of each kind that ran between them, if any ran.</param>
public readonly record struct ProcessStall(TimeSpan Late, TimeSpan Paused, int Collections, CollectionPause? Longest);
