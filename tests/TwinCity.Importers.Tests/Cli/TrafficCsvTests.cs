using TwinCity.Importers.Cli;
using TwinCity.Importers.Errors;
using TwinCity.Importers.Sources;

namespace TwinCity.Importers.Tests.Cli;

public sealed class TrafficCsvTests
{
    [Fact]
    public void The_three_day_slice_reads_as_its_documented_rows_segments_and_states()
    {
        var rows = TrafficCsv.Read(DataFolder.GetPath("sensors/koeln-traffic-load_2013-02-11_to_13.csv")).ToList();

        Assert.Equal(93_223, rows.Count);
        Assert.Equal(108, rows.Select(r => r.Identifier).Distinct().Count());
        Assert.All(rows, r => Assert.True(r.Valid));
        Assert.Equal(new DateTimeOffset(2013, 2, 11, 0, 0, 2, TimeSpan.Zero), rows[0].Time);
        Assert.Equal(47_715, rows.Count(r => r.State == 16));
    }

    [Fact]
    public void The_gzipped_month_reads_the_same_rows_as_the_slice_cut_from_it()
    {
        var slice = TrafficCsv.Read(DataFolder.GetPath("sensors/koeln-traffic-load_2013-02-11_to_13.csv")).Take(500).Select(r => (r.Time, r.Identifier, r.State));
        var month = TrafficCsv.Read(DataFolder.GetPath("sensors/koeln-traffic-load_2013-02.csv.gz"))
            .SkipWhile(r => r.Time < new DateTimeOffset(2013, 2, 11, 0, 0, 0, TimeSpan.Zero)).Take(500).Select(r => (r.Time, r.Identifier, r.State));

        Assert.Equal(slice, month);
    }

    [Theory]
    [InlineData("datetime_utc,identifier,auslastung,valid\n2013-02-11 00:00:02,ST001,zero,1\n", "line 2")]
    [InlineData("datetime_utc,identifier,auslastung,valid\n2013-02-11 00:00:02,ST001,0,1\n2013-02-31 00:00:02,ST001,0,1\n", "line 3")]
    [InlineData("time,segment,state\n", "line 1: expected the header")]
    public void A_malformed_file_is_refused_naming_the_line(string content, string where)
    {
        var path = Path.Combine(Path.GetTempPath(), $"traffic-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, content);
        try
        {
            var error = Assert.Throws<ImportException>(() => TrafficCsv.Read(path).ToList());

            Assert.Contains(where, error.Message);
            Assert.StartsWith(Path.GetFileName(path), error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
