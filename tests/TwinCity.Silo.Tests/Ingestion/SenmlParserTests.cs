using System.Text;
using TwinCity.Silo.Ingestion.Senml;

namespace TwinCity.Silo.Tests.Ingestion;

/// <summary>SenML resolution rules of RFC 8428 §4.5–4.6, on the RFC's own kinds of packs.</summary>
public sealed class SenmlParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static (List<SenmlRecord> Records, List<string> Problems) Parse(string json) => SenmlParser.Parse(Encoding.UTF8.GetBytes(json), Now, 100);

    [Fact]
    public void Base_name_time_unit_and_value_carry_forward_to_later_records()
    {
        var (records, problems) = Parse("""
            [{"bn":"urn:dev:ow:10e2073a01080063:","bt":1.320067464e+09,"bu":"A","bver":5,"n":"voltage","u":"V","v":120.1},
             {"n":"current","t":-5,"v":1.2},
             {"n":"current","t":-4,"v":1.3}]
            """);

        Assert.Empty(problems);
        Assert.Equal(["urn:dev:ow:10e2073a01080063:voltage", "urn:dev:ow:10e2073a01080063:current", "urn:dev:ow:10e2073a01080063:current"], records.Select(r => r.Name));
        Assert.Equal(["V", "A", "A"], records.Select(r => r.Unit));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_320_067_464 - 5), records[1].Time);
    }

    [Fact]
    public void Base_value_is_added_to_each_value()
    {
        var (records, _) = Parse("""[{"bn":"m","bv":100,"v":5},{"v":-2}]""");

        Assert.Equal([105, 98], records.Select(r => r.Value));
    }

    [Fact]
    public void Small_times_are_relative_to_now()
    {
        var (records, _) = Parse("""[{"n":"m","v":1,"t":-30},{"n":"m","v":2}]""");

        Assert.Equal(Now.AddSeconds(-30), records[0].Time);
        Assert.Equal(Now, records[1].Time);
    }

    [Fact]
    public void One_bad_record_refuses_the_pack_and_names_every_problem()
    {
        var (records, problems) = Parse("""[{"n":"a","v":1},{"v":2},{"n":"c","vb":true},{"n":"d","v":1e400}]""");

        Assert.Empty(records);
        Assert.Contains("[1]: no name (n) and no base name (bn)", problems);
        Assert.Contains(problems, p => p.StartsWith("[2].vb:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("[3]", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pack_over_the_record_limit_is_refused_before_it_is_read()
    {
        var pack = "[" + string.Join(",", Enumerable.Repeat("""{"n":"m","v":1}""", 101)) + "]";

        var (_, problems) = Parse(pack);

        Assert.Contains("more than 100", Assert.Single(problems));
    }

    [Fact]
    public void Deeply_nested_JSON_is_refused()
    {
        var (_, problems) = Parse(new string('[', 1000) + new string(']', 1000));

        Assert.StartsWith("not JSON", Assert.Single(problems));
    }
}
