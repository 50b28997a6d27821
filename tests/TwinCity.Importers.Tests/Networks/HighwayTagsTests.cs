using TwinCity.Importers.Networks;

namespace TwinCity.Importers.Tests.Networks;

/// <summary>
/// Tag values Monaco's file does not hold but others do (taginfo's common <c>maxspeed</c> and
/// <c>lanes</c> forms), read the way the OSM wiki defines them.
/// </summary>
public sealed class HighwayTagsTests
{
    [Theory]
    [InlineData("50", 50.0)]
    [InlineData("50 km/h", 50.0)]
    [InlineData("30kmh", 30.0)]
    [InlineData("20 mph", 32.18688)]
    [InlineData("5 knots", 9.26)]
    [InlineData("7.5", 7.5)]
    public void Numeric_speed_limits_become_kilometres_per_hour(string maxspeed, double kmh) =>
        Assert.Equal(kmh, HighwayTags.MaxSpeedKmh(maxspeed)!.Value, 9);

    [Theory]
    [InlineData("FR:urban")]
    [InlineData("RU:rural")]
    [InlineData("none")]
    [InlineData("walk")]
    [InlineData("signals")]
    [InlineData("50;30")]
    [InlineData("0")]
    [InlineData("50 furlongs")]
    [InlineData("")]
    [InlineData(null)]
    public void Speed_limits_without_a_number_are_null(string? maxspeed) => Assert.Null(HighwayTags.MaxSpeedKmh(maxspeed));

    [Theory]
    [InlineData("2", 2)]
    [InlineData("2;3", null)]
    [InlineData("1.5", null)]
    [InlineData("0", null)]
    [InlineData("-1", null)]
    [InlineData(null, null)]
    public void Lanes_are_positive_whole_numbers_or_null(string? lanes, int? expected) => Assert.Equal(expected, HighwayTags.Lanes(lanes));

    [Theory]
    [InlineData("motorway", null, null, Oneway.Forward)]
    [InlineData("motorway", "no", null, Oneway.No)]
    [InlineData("primary", null, "circular", Oneway.Forward)]
    [InlineData("primary", "reversible", null, Oneway.No)]
    [InlineData("primary", "reverse", null, Oneway.Backward)]
    [InlineData("residential", "true", null, Oneway.Forward)]
    public void Oneway_values_and_implied_oneways_give_the_direction(string highway, string? oneway, string? junction, Oneway expected)
    {
        var tags = new Dictionary<string, string> { ["highway"] = highway };
        if (oneway is not null)
        {
            tags["oneway"] = oneway;
        }

        if (junction is not null)
        {
            tags["junction"] = junction;
        }

        Assert.Equal(expected, HighwayTags.Oneway(tags));
    }
}
