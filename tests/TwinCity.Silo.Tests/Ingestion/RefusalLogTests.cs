using Microsoft.Extensions.Time.Testing;
using TwinCity.Silo.Ingestion;

namespace TwinCity.Silo.Tests.Ingestion;

public sealed class RefusalLogTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-24T10:00:00Z"));

    [Fact]
    public void A_flood_from_one_source_logs_ten_lines_a_minute_then_one_saying_what_was_not_logged_and_is_counted_in_full()
    {
        var log = new RefusalLog(_time);

        var logged = new List<long?> { log.Add("MQTT client a", "first") };
        for (var i = 0; i < 999; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
            logged.Add(log.Add("MQTT client a", $"reason {i}"));
        }

        // 1,000 refusals over 50 s: the first ten are logged, none of the rest; 11 s later the next is, with the 990 before it.
        Assert.All(logged.Take(RefusalLog.LinesPerInterval), l => Assert.Equal(0, l));
        Assert.All(logged.Skip(RefusalLog.LinesPerInterval), l => Assert.Null(l));
        _time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(990, log.Add("MQTT client a", "again"));
        Assert.Equal(0, log.Add("HTTP", "another source is logged on its own")); // one source's flood does not silence another
        var top = log.Top(10);
        Assert.Equal(["MQTT client a", "HTTP"], top.Select(s => s.Source));
        Assert.Equal(1001, top[0].Refused);
        Assert.Equal("again", top[0].LastReason);
        Assert.Equal(1002, log.Total);
    }

    [Fact]
    public void Sources_past_the_limit_are_counted_together_so_client_names_cannot_grow_it_without_bound()
    {
        var log = new RefusalLog(_time);
        for (var i = 0; i < RefusalLog.MaxSources + 500; i++)
        {
            log.Add($"MQTT client {i}", "malformed");
        }

        var sources = log.Top(int.MaxValue);

        Assert.Equal(RefusalLog.MaxSources + 1, sources.Count);
        Assert.Equal(500, sources.Single(s => s.Source == RefusalLog.OtherSources).Refused);
        Assert.Equal(RefusalLog.MaxSources + 500, log.Total);
    }
}
