using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TwinCity.Silo.Hosting;

/// <summary>
/// Notices when the whole process stops keeping time, and says why. A quarter-second timer that
/// fires late means every other piece of work (ingestion, tile frames, Orleans' own timers) was
/// late too, and operators see the twin lag. The warning separates the two usual causes: the
/// garbage collector pausing every thread, or the thread pool with more queued work than threads.
/// Orleans logs "Thread Pool execution stalled" for both, without telling which.
/// At Debug level it also logs a summary every 10 s: the collector's share of the time, the heap and
/// its free space, the longest thread-pool queue (<c>Logging:LogLevel:TwinCity.Silo.Hosting.PauseWatch</c>).
/// At Trace it logs every sample, with the monotonic clock's time (what <c>perf -k mono</c> and the
/// latency benchmark's <c>TWINCITY_BENCH_PROBE_LOG</c> use), to line a slow reading up with what the process did then.
/// </summary>
public sealed partial class PauseWatch(TimeProvider time, ILogger<PauseWatch> logger) : BackgroundService
{
    /// <summary>How often the watch samples the process.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>How late a tick must be before the watch warns.</summary>
    public static readonly TimeSpan WarnAfter = TimeSpan.FromMilliseconds(500);

    /// <summary>Ticks between two summaries, which are logged at Debug (10 s).</summary>
    private const int SummaryTicks = 40;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        var previous = ProcessPulse.Take(time);
        var (summaryStart, ticks, mostQueued) = (previous, 0, 0L);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var current = ProcessPulse.Take(time);
            var late = ProcessPulse.Compare(previous, current, Interval);
            if (late is { } stall && stall.Late >= WarnAfter)
                LogStall(stall.Late.TotalMilliseconds, stall.Paused.TotalMilliseconds, stall.Collections, Describe(stall.Longest),
                    current.Threads, current.QueuedWork, current.HeapBytes / (1024 * 1024));
            if (logger.IsEnabled(LogLevel.Trace))
                LogSample((double)current.Timestamp / current.TicksPerSecond, late?.Late.TotalMilliseconds ?? 0, (current.TotalPause - previous.TotalPause).TotalMilliseconds,
                    current.Collections - previous.Collections, current.FullCollections - previous.FullCollections, current.QueuedWork, current.Threads);
            previous = current;
            mostQueued = Math.Max(mostQueued, current.QueuedWork);
            if (++ticks == SummaryTicks)
            {
                Summarize(summaryStart, current, mostQueued);
                (summaryStart, ticks, mostQueued) = (current, 0, 0);
            }
        }
    }

    private void Summarize(ProcessPulse from, ProcessPulse to, long mostQueued)
    {
        if (!logger.IsEnabled(LogLevel.Debug))
            return;
        var seconds = (double)(to.Timestamp - from.Timestamp) / to.TicksPerSecond;
        var paused = (to.TotalPause - from.TotalPause).TotalMilliseconds;
        LogSummary(seconds, paused, paused / 10 / seconds, to.Collections - from.Collections, to.FullCollections - from.FullCollections,
            to.HeapBytes / (1024 * 1024), to.LargeObjectBytes / (1024 * 1024), to.FragmentedBytes / (1024 * 1024), mostQueued);
    }

    private static string Describe(CollectionPause? pause) => pause is { } p
        ? string.Create(CultureInfo.InvariantCulture, $"the longest {p.Paused.TotalMilliseconds:N0} ms, {p.Kind} generation {p.Generation}{(p.Compacted ? " compacting" : "")}")
        : "none seen";

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "The process fell {LateMs:N0} ms behind: the garbage collector paused it {PausedMs:N0} ms in {Collections} collections " +
        "({Longest}); the thread pool has {Threads} threads and {Queued:N0} queued items; heap {HeapMb:N0} MB")]
    private partial void LogStall(double lateMs, double pausedMs, int collections, string longest, int threads, long queued, long heapMb);

    [LoggerMessage(Level = LogLevel.Trace, Message =
        "Sample at {Monotonic:0.000} s: {LateMs:N0} ms late; the collector paused the process {PausedMs:N0} ms in {Collections} collections ({FullCollections} full); {Queued:N0} items queued on the thread pool, {Threads} threads")]
    private partial void LogSample(double monotonic, double lateMs, double pausedMs, int collections, int fullCollections, long queued, int threads);

    [LoggerMessage(Level = LogLevel.Debug, Message =
        "In {Seconds:N1} s the garbage collector paused the process {PausedMs:N0} ms ({Percent:N1}%) in {Collections} collections, " +
        "{FullCollections} of them full; heap {HeapMb:N0} MB ({LargeMb:N0} MB of large objects), {FragmentedMb:N0} MB of it free; at most {Queued:N0} items queued on the thread pool")]
    private partial void LogSummary(double seconds, double pausedMs, double percent, int collections, int fullCollections, long heapMb, long largeMb, long fragmentedMb, long queued);
}
