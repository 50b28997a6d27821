using TwinCity.Silo.Grains;

namespace TwinCity.Silo.Tests.Grains;

public sealed class MetricHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_full_ring_keeps_the_newest_points_in_order()
    {
        var history = new MetricHistory(capacity: 4);
        for (var i = 0; i < 10; i++)
        {
            history.Add(0, T0.AddMinutes(i), i);
        }

        var points = history.Query(0, T0, T0.AddHours(1), 100);

        Assert.Equal([6.0, 7.0, 8.0, 9.0], points.Select(p => p.Value));
        Assert.Equal(T0.AddMinutes(6), points[0].Time);
    }

    [Fact]
    public void Query_returns_the_range_and_at_most_max_points_newest_first_kept()
    {
        var history = new MetricHistory(capacity: 100);
        for (var i = 0; i < 50; i++)
        {
            history.Add(1, T0.AddMinutes(i), i);
        }

        Assert.Equal([10.0, 11.0, 12.0], history.Query(1, T0.AddMinutes(10), T0.AddMinutes(12), 100).Select(p => p.Value));
        Assert.Equal([48.0, 49.0], history.Query(1, T0, T0.AddHours(2), 2).Select(p => p.Value));
        Assert.Empty(history.Query(0, T0, T0.AddHours(2), 10));
    }

    [Fact]
    public void A_ring_that_grows_past_its_first_size_and_then_wraps_keeps_order()
    {
        var history = new MetricHistory(capacity: 100);
        for (var i = 0; i < 250; i++)
        {
            history.Add(2, T0.AddSeconds(i), i);
        }

        var points = history.Query(2, T0, T0.AddHours(1), 1000);

        Assert.Equal(Enumerable.Range(150, 100).Select(i => (double)i), points.Select(p => p.Value));
    }
}
