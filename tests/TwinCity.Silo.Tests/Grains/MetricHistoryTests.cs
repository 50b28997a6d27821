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

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Held_points_match_a_plain_list_through_adds_forgets_and_read_back_chunks(int seed)
    {
        // The ring keeps its points in blocks aligned with the stored chunks; a capacity that is not a
        // multiple of the block size, forgets mid-block and chunks read back in front all cross block edges.
        const int capacity = 700;
        var random = new Random(seed);
        var history = new MetricHistory(capacity);
        var model = new List<(long Index, StoredPoint Point)>();
        long total = 0;
        if (random.Next(2) == 0)
        {
            total = random.Next(1, 1_000);
            history.Resume(0, total); // as after a restart: counting goes on from the stored total
        }

        for (var step = 0; step < 3_000; step++)
        {
            var op = random.Next(100);
            if (op < 90)
            {
                var point = new StoredPoint(T0.AddSeconds(total).UtcTicks, (float)random.NextDouble());
                history.Add(0, new DateTimeOffset(point.Ticks, TimeSpan.Zero), point.Value);
                model.Add((total++, point));
                if (model.Count > capacity)
                {
                    model.RemoveAt(0);
                }
            }
            else if (op < 96)
            {
                var firstHeld = model.Count > 0 ? model[0].Index : total;
                var before = firstHeld + random.NextInt64(total - firstHeld + 1);
                history.ForgetBefore(0, before);
                model.RemoveAll(p => p.Index < before);
            }
            else
            {
                // A chunk read back: the points just before the held ones, as they were first recorded.
                var firstHeld = model.Count > 0 ? model[0].Index : total;
                var start = Math.Max(0, firstHeld - random.Next(1, 300));
                var older = Enumerable.Range(0, (int)(firstHeld - start)).Select(i => new StoredPoint(T0.AddSeconds(start + i).UtcTicks, -1f)).ToList();
                history.PrependOlder(0, start, older);
                var lowest = Math.Max(start, total - capacity);
                if (lowest < firstHeld)
                {
                    model.InsertRange(0, Enumerable.Range(0, (int)(firstHeld - lowest)).Select(i => (lowest + i, older[(int)(lowest - start) + i])));
                }
            }

            var held = new List<StoredPoint>();
            history.CopyHeld(0, 0, long.MaxValue, held);
            Assert.Equal(total, history.Total(0));
            Assert.Equal(model.Count > 0 ? model[0].Index : total, history.FirstHeld(0));
            Assert.Equal(model.Select(p => p.Point), held);
        }
    }
}
