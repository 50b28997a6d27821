using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TwinCity.Silo.Ingestion;

namespace TwinCity.Silo.Tests.Ingestion;

public sealed class StaleSensorWatchTests
{
    [Fact]
    public async Task A_check_that_fails_is_tried_again_at_the_next_tick_without_stopping_the_watch()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T10:00:00Z"));
        var grains = UnreachableGrains.Create();
        var watch = new StaleSensorWatch(new AlertEvaluator(grains, time), time, NullLogger<StaleSensorWatch>.Instance);
        await watch.StartAsync(CancellationToken.None);

        Assert.True(await UnreachableGrains.TickUntilCalledAsync(grains, time, StaleSensorWatch.Interval), "no check at the first ticks");
        Assert.True(await UnreachableGrains.TickUntilCalledAsync(grains, time, StaleSensorWatch.Interval), "no check after a failed one");

        Assert.False(watch.ExecuteTask!.IsCompleted, "the watch stopped after a failed check");
        await watch.StopAsync(CancellationToken.None);
    }
}
