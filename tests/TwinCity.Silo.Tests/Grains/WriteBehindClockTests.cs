using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TwinCity.Models.Grains;
using TwinCity.Silo.Grains;
using TwinCity.Silo.Hosting;

namespace TwinCity.Silo.Tests.Grains;

public sealed class WriteBehindClockTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    [Fact]
    public void An_entity_is_called_back_once_its_interval_has_passed_and_not_before()
    {
        var (clock, time) = NewClock();
        var entity = new CountingEntity();

        clock.Schedule(entity, Interval);
        time.Advance(Interval - (2 * clock.Resolution));
        var early = entity.Calls;
        time.Advance(3 * clock.Resolution);

        Assert.Equal(0, early);
        Assert.Equal(1, entity.Calls);
        Assert.Equal(0, clock.Scheduled);
        time.Advance(Interval * 3);
        Assert.Equal(1, entity.Calls); // once: the entity schedules the next call itself
    }

    [Fact]
    public void Entities_are_called_in_the_order_they_fall_due()
    {
        var (clock, time) = NewClock();
        List<string> order = [];
        clock.Schedule(new CountingEntity("late", order), Interval);
        clock.Schedule(new CountingEntity("early", order), Interval / 3);

        time.Advance(Interval / 2);
        Assert.Equal(["early"], order);
        time.Advance(Interval);
        Assert.Equal(["early", "late"], order);
    }

    [Fact]
    public void Once_the_process_stops_no_call_is_made_entities_write_as_they_deactivate()
    {
        var time = new FakeTimeProvider();
        var lifetime = new StoppingLifetime();
        var clock = new WriteBehindClock(Options.Create(new TwinCitySiloOptions { StateFlushInterval = Interval }), time, NullLogger<WriteBehindClock>.Instance, lifetime);
        var (before, after) = (new CountingEntity(), new CountingEntity());
        clock.Schedule(before, Interval / 2);
        clock.Schedule(after, Interval);

        time.Advance(Interval * 0.75);
        lifetime.StopApplication();
        time.Advance(Interval);

        Assert.Equal(1, before.Calls);
        Assert.Equal(0, after.Calls);
    }

    [Fact]
    public void A_cancelled_call_is_never_made()
    {
        var (clock, time) = NewClock();
        var entity = new CountingEntity();

        clock.Schedule(entity, Interval).Cancel();
        time.Advance(Interval * 2);

        Assert.Equal(0, entity.Calls);
        Assert.Equal(0, clock.Scheduled);
    }

    [Fact]
    public void Calls_due_across_the_interval_are_handed_out_a_few_at_a_time_not_in_a_wave_each_second()
    {
        var (clock, time) = NewClock();
        const int entities = 3_000; // falling due evenly over one interval, as the entities of a busy city do
        var entity = new CountingEntity();
        for (var i = 0; i < entities; i++)
        {
            clock.Schedule(entity, Interval * (i + 0.5) / entities);
        }

        var mostAtOnce = 0;
        for (var elapsed = TimeSpan.Zero; elapsed < Interval * 1.1; elapsed += TimeSpan.FromMilliseconds(10))
        {
            var before = entity.Calls;
            time.Advance(TimeSpan.FromMilliseconds(10));
            mostAtOnce = Math.Max(mostAtOnce, entity.Calls - before);
        }

        Assert.Equal(entities, entity.Calls);
        // 100 a second: a ring every 100 ms hands out about 10; one a second handed out 100.
        Assert.InRange(mostAtOnce, 1, 12);
    }

    private static (WriteBehindClock Clock, FakeTimeProvider Time) NewClock()
    {
        var time = new FakeTimeProvider();
        var clock = new WriteBehindClock(Options.Create(new TwinCitySiloOptions { StateFlushInterval = Interval }), time, NullLogger<WriteBehindClock>.Instance);
        return (clock, time);
    }

    private sealed class StoppingLifetime : Microsoft.Extensions.Hosting.IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();
    }

    /// <summary>Stands for an entity grain: the clock only calls <see cref="WriteBehindAsync"/>.</summary>
    private sealed class CountingEntity(string name = "", List<string>? order = null) : IWritesBehind
    {
        public int Calls { get; private set; }

        public Task WriteBehindAsync()
        {
            Calls++;
            order?.Add(name);
            return Task.CompletedTask;
        }

        public Task ExpireHistoryAsync() => throw new InvalidOperationException("the clock never expires history");
    }
}
