using System.Globalization;
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
    public void A_pack_over_the_record_limit_is_refused_with_its_count_and_no_record_problems()
    {
        var pack = "[" + string.Join(",", Enumerable.Repeat("""{"n":"m","v":1}""", 100)) + ""","not a record"]""";

        var (records, problems) = Parse(pack);

        Assert.Empty(records);
        Assert.Equal("the pack holds 101 records, more than 100; send smaller packs", Assert.Single(problems));
    }

    [Theory]
    [InlineData("""[{"n":"a","v":1}] x""")]
    [InlineData("""[{"n":"a","v":1}]]""")]
    [InlineData("""{"n":"a","v":1} [""")]
    [InlineData("""[{"n":"a","v":1}""")]
    [InlineData("")]
    public void A_pack_with_broken_or_trailing_JSON_is_refused_as_not_JSON(string json)
    {
        var (records, problems) = Parse(json);

        Assert.Empty(records);
        Assert.StartsWith("not JSON: ", Assert.Single(problems));
    }

    [Fact]
    public void Unknown_fields_are_skipped_whatever_they_hold_and_escaped_field_names_are_understood()
    {
        var (records, problems) = Parse("""[{"\u006e":"a\u0062","x":{"y":[1,2]},"v":1,"s":3,"ut":1}]""");

        Assert.Empty(problems);
        Assert.Equal("ab", Assert.Single(records).Name);
    }

    [Fact]
    public void Problems_name_the_record_and_the_field_whatever_kind_of_value_is_wrong()
    {
        var (_, problems) = Parse("""[{"n":"a","v":"1"},{"n":{"x":1},"v":1},{"n":"c","v":1,"x_":1},"text",{"n":"e","vs":"on"},{"bn":7,"n":"f","v":1}]""");

        Assert.Equal(
            [
                "[0].v: expected a finite number, found String",
                "[1].n: expected a string, found Object",
                "[1]: no name (n) and no base name (bn)",
                "[2].x_: a must-understand field (ending in _) that this server does not understand",
                "[3]: a record is a JSON object, found String",
                "[4].vs: only numeric values (v) are accepted by the twin",
                "[5].bn: expected a string, found Number",
            ],
            problems);
    }

    [Fact]
    public void Names_the_lookup_knows_are_its_own_strings_and_records_carry_what_it_found_with_or_without_a_base_name()
    {
        KnownName[] known = [new("room/temp"), new("room/power")];
        var lookup = known.ToDictionary(k => k.Text, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

        var (records, problems) = SenmlParser.Parse(
            Encoding.UTF8.GetBytes("""[{"n":"hall/temp","v":3},{"n":"room/temp","v":1},{"bn":"room/","n":"power","v":2}]"""),
            Now, 100, names: name => lookup.TryGetValue(name, out var found) ? found : null);

        Assert.Empty(problems);
        Assert.Equal("hall/temp", records[0].Name); // unknown: a string of its own, refused later as unregistered
        Assert.Null(records[0].Known);
        Assert.Same(known[0].Text, records[1].Name);
        Assert.Same(known[0], records[1].Known);
        Assert.Same(known[1].Text, records[2].Name);
        Assert.Same(known[1], records[2].Known);
    }

    [Fact]
    public void Every_number_is_read_as_the_nearest_double_to_what_was_written()
    {
        // Plain decimals of up to 15 digits take a quick path; longer ones and exponents the full parser.
        var random = new Random(4);
        var written = new List<string> { "0", "-0", "-0.0", "0.1", "0.3", "1732412345.123", "-12.5", "999999999999999", "9999999999999999", "0.000000000000001", "1e5", "-2.5E-3", "123456789.0123456789" };
        for (var i = 0; i < 2000; i++)
        {
            var digits = string.Concat(Enumerable.Range(0, random.Next(1, 19)).Select(_ => (char)('0' + random.Next(10)))).TrimStart('0');
            digits = digits.Length == 0 ? "0" : digits;
            var point = random.Next(0, digits.Length + 1);
            var number = point == 0 || point == digits.Length ? digits : (digits[..point] + "." + digits[point..]);
            written.Add(random.Next(2) == 0 ? number : "-" + number);
        }

        var (records, problems) = SenmlParser.Parse(
            Encoding.UTF8.GetBytes("[" + string.Join(",", written.Select(w => $$"""{"n":"a","v":{{w}}}""")) + "]"), Now, written.Count);

        Assert.Empty(problems);
        // A record's value is its base value (here 0) plus v (RFC 8428 §4.6), which makes -0 plain 0.
        Assert.All(written.Zip(records), pair => Assert.Equal(
            BitConverter.DoubleToInt64Bits(0.0 + double.Parse(pair.First, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(pair.Second.Value)));
    }

    [Fact]
    public void Records_are_read_into_a_given_list_in_place_of_what_it_held()
    {
        List<SenmlRecord> reused = [new("old", null, 0, Now)];

        var (records, _) = SenmlParser.Parse(Encoding.UTF8.GetBytes("""[{"n":"a","v":1}]"""), Now, 100, into: reused);

        Assert.Same(reused, records);
        Assert.Equal("a", Assert.Single(reused).Name);
    }

    [Fact]
    public void Deeply_nested_JSON_is_refused()
    {
        var (_, problems) = Parse(new string('[', 1000) + new string(']', 1000));

        Assert.StartsWith("not JSON", Assert.Single(problems));
    }
}
