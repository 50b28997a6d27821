using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TwinCity.Silo.Hosting;

namespace TwinCity.Silo.Tests.Hosting;

public sealed class PauseWatchTests
{
    private static readonly TimeSpan Quarter = TimeSpan.FromMilliseconds(250);

    [Fact]
    public void A_sample_taken_on_time_is_no_stall()
    {
        var before = Pulse(0, totalPauseMs: 10, collections: 3);
        var after = Pulse(250, totalPauseMs: 12, collections: 4);

        Assert.Null(ProcessPulse.Compare(before, after, Quarter));
    }

    [Fact]
    public void A_late_sample_reports_how_late_and_how_long_the_collector_paused_in_between()
    {
        var before = Pulse(0, totalPauseMs: 10, collections: 3,
            new CollectionPause(3, GCKind.Ephemeral, 0, false, TimeSpan.FromMilliseconds(4)), new CollectionPause(1, GCKind.FullBlocking, 2, true, TimeSpan.FromMilliseconds(900)));
        var after = Pulse(1_750, totalPauseMs: 1_410, collections: 6,
            new CollectionPause(5, GCKind.Ephemeral, 1, true, TimeSpan.FromMilliseconds(1_300)), new CollectionPause(1, GCKind.FullBlocking, 2, true, TimeSpan.FromMilliseconds(900)));

        var stall = ProcessPulse.Compare(before, after, Quarter);

        Assert.NotNull(stall);
        Assert.Equal(TimeSpan.FromMilliseconds(1_500), stall.Value.Late);
        Assert.Equal(TimeSpan.FromMilliseconds(1_400), stall.Value.Paused);
        Assert.Equal(3, stall.Value.Collections);
        // The blocking full collection of 900 ms ran before the first sample: it is not this stall's.
        Assert.Equal(new CollectionPause(5, GCKind.Ephemeral, 1, true, TimeSpan.FromMilliseconds(1_300)), stall.Value.Longest);
    }

    [Fact]
    public async Task A_tick_that_comes_late_is_logged_as_a_warning_that_says_by_how_much()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-24T10:00:00Z"));
        var logger = new FirstLogger(LogLevel.Warning);
        var watch = new PauseWatch(time, logger);
        await watch.StartAsync(CancellationToken.None);

        // The watch starts on the thread pool: advance until its timer exists and has seen a late tick.
        for (var step = 0; step < 100 && !logger.First.IsCompleted; step++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(logger.First, Task.Delay(TimeSpan.FromMilliseconds(100)));
        }

        Assert.True(logger.First.IsCompleted, "no warning after 100 late ticks");
        var said = await logger.First;
        Assert.StartsWith("The process fell 750 ms behind", said, StringComparison.Ordinal);
        await watch.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task At_trace_level_every_sample_is_logged_with_its_monotonic_time_and_lateness()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-24T10:00:00Z"));
        var logger = new FirstLogger(LogLevel.Trace);
        var watch = new PauseWatch(time, logger);
        await watch.StartAsync(CancellationToken.None);

        for (var step = 0; step < 100 && !logger.First.IsCompleted; step++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(logger.First, Task.Delay(TimeSpan.FromMilliseconds(100)));
        }

        Assert.True(logger.First.IsCompleted, "no sample logged after 100 ticks");
        var said = await logger.First;
        var seconds = (double)time.GetTimestamp() / time.TimestampFrequency;
        Assert.Matches(@"^Sample at \d+\.\d{3} s: 750 ms late; ", said);
        var at = double.Parse(said["Sample at ".Length..said.IndexOf(" s:", StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(at, seconds - 1_000, seconds); // the provider's timestamp, in seconds: the clock perf and the probes use
        await watch.StopAsync(CancellationToken.None);
    }

    private static ProcessPulse Pulse(long ms, int totalPauseMs, int collections, params CollectionPause[] pauses) =>
        new(ms, 1_000, TimeSpan.FromMilliseconds(totalPauseMs), collections, pauses, Threads: 4, QueuedWork: 0, HeapBytes: 1 << 20);

    /// <summary>Keeps the first message logged at its level.</summary>
    private sealed class FirstLogger(LogLevel level) : ILogger<PauseWatch>
    {
        private readonly TaskCompletionSource<string> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> First => _first.Task;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == level)
                _first.TrySetResult(formatter(state, exception));
        }
    }
}
