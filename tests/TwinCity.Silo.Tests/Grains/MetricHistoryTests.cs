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

    [Fact]
    public void A_late_point_takes_its_place_by_time_and_a_replayed_one_changes_nothing()
    {
        var history = new MetricHistory(capacity: 100);
        foreach (var minute in new[] { 0, 10, 20, 30 })
        {
            Assert.True(history.Add(0, T0.AddMinutes(minute), minute));
        }

        Assert.True(history.Add(0, T0.AddMinutes(15), 15)); // late: between 10 and 20
        Assert.False(history.Add(0, T0.AddMinutes(20), 99)); // a replay of the point at 20
        Assert.True(history.Add(0, T0.AddMinutes(-5), -5)); // older than every point, and the ring has room

        Assert.Equal([-5.0, 0, 10, 15, 20, 30], history.Query(0, T0.AddHours(-1), T0.AddHours(1), 100).Select(p => p.Value));
        Assert.Equal(6, history.Total(0));
    }

    [Fact]
    public void A_full_ring_refuses_a_late_point_older_than_all_it_holds_and_lets_its_oldest_go_for_a_newer_one()
    {
        var history = new MetricHistory(capacity: 3);
        foreach (var minute in new[] { 0, 10, 20 })
        {
            history.Add(0, T0.AddMinutes(minute), minute);
        }

        Assert.False(history.Add(0, T0.AddMinutes(-1), -1));
        Assert.True(history.Add(0, T0.AddMinutes(5), 5));

        Assert.Equal([5.0, 10, 20], history.Query(0, T0.AddHours(-1), T0.AddHours(1), 100).Select(p => p.Value));
    }

    [Fact]
    public void After_a_restart_a_point_no_newer_than_the_last_one_recorded_is_not_appended_after_it()
    {
        var history = new MetricHistory(capacity: 100);
        history.Resume(0, total: 40, newestTicks: T0.AddMinutes(40).UtcTicks);

        Assert.False(history.TryAppend(0, T0.AddMinutes(39).UtcTicks, 1));
        Assert.False(history.TryAppend(0, T0.AddMinutes(40).UtcTicks, 1));
        Assert.True(history.TryAppend(0, T0.AddMinutes(41).UtcTicks, 1));
        Assert.Equal(41, history.Total(0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Held_points_match_a_plain_list_through_adds_late_points_forgets_and_read_back_chunks(int seed)
    {
        // The ring keeps its points in blocks aligned with the stored chunks; a capacity that is not a
        // multiple of the block size, forgets mid-block, late points moving the newer ones and chunks read
        // back in front all cross block edges. The model is a list of (absolute index, point) in time order.
        const int capacity = 700;
        var spacing = TimeSpan.FromSeconds(10).Ticks;
        var random = new Random(seed);
        var history = new MetricHistory(capacity);
        var model = new List<(long Index, StoredPoint Point)>();
        long total = 0;
        if (random.Next(2) == 0)
        {
            total = random.Next(1, 1_000);
            history.Resume(0, total); // as after a restart: counting goes on from the stored total
        }

        var newest = T0.UtcTicks + (total * spacing);
        for (var step = 0; step < 4_000; step++)
        {
            var op = random.Next(100);
            if (op < 75)
            {
                newest += spacing;
                var point = new StoredPoint(newest, (float)random.NextDouble());
                Assert.True(history.Add(0, new DateTimeOffset(point.Ticks, TimeSpan.Zero), point.Value));
                model.Add((total++, point));
                if (model.Count > capacity)
                {
                    model.RemoveAt(0);
                }
            }
            else if (op < 90 && model.Count > 0)
            {
                // A late point just before a held one, or a replay of it.
                var k = random.Next(model.Count);
                var before = k == 0 ? model[0].Point.Ticks - (2 * spacing) : model[k - 1].Point.Ticks;
                var replay = random.Next(5) == 0;
                var ticks = replay ? model[k].Point.Ticks : (before + model[k].Point.Ticks) / 2;
                if (ticks != before)
                {
                    var late = new StoredPoint(ticks, (float)random.NextDouble());
                    var at = history.Insert(0, late.Ticks, late.Value);
                    if (replay || (k == 0 && model.Count == capacity))
                    {
                        Assert.Equal(-1, at);
                    }
                    else
                    {
                        Assert.Equal(model[k].Index, at);
                        for (var i = k; i < model.Count; i++)
                        {
                            model[i] = (model[i].Index + 1, model[i].Point);
                        }

                        model.Insert(k, (at, late));
                        total++;
                        if (model.Count > capacity)
                        {
                            model.RemoveAt(0);
                        }
                    }
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
                // A chunk read back: points just before the held ones, each older than the next.
                var firstHeld = model.Count > 0 ? model[0].Index : total;
                var oldestHeld = model.Count > 0 ? model[0].Point.Ticks : newest + 1;
                var start = Math.Max(0, firstHeld - random.Next(1, 300));
                var older = Enumerable.Range(0, (int)(firstHeld - start)).Select(i => new StoredPoint(oldestHeld - (firstHeld - start - i), -1f)).ToList();
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
