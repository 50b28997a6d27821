using TwinCity.Importers.Buildings;

namespace TwinCity.Importers.Tests.Buildings;

public sealed class BuildingHeightsTests
{
    private readonly BuildingHeights _heights = new(new HeightSettings());

    private static Dictionary<string, string> Tags(params (string Key, string Value)[] tags) =>
        tags.ToDictionary(t => t.Key, t => t.Value);

    [Theory]
    [InlineData("20", 20)]
    [InlineData("20 m", 20)]
    [InlineData("12.5m", 12.5)]
    public void Height_tag_wins_and_is_not_estimated(string value, double expected)
    {
        var height = _heights.Resolve(Tags(("height", value), ("building:levels", "9")));

        Assert.Equal(expected, height.Height);
        Assert.False(height.Estimated);
        Assert.Null(height.Warning);
    }

    [Fact]
    public void Levels_times_storey_height_when_no_height_tag()
    {
        var height = _heights.Resolve(Tags(("building:levels", "7")));

        Assert.Equal(7 * HeightSettings.DefaultStoreyHeight, height.Height);
        Assert.False(height.Estimated);
    }

    [Fact]
    public void No_height_information_gives_the_documented_default_flagged_as_estimated()
    {
        var height = _heights.Resolve(Tags(("building", "yes")));

        Assert.Equal(HeightSettings.DefaultDefaultLevels * HeightSettings.DefaultStoreyHeight, height.Height);
        Assert.True(height.Estimated);
    }

    [Theory]
    [InlineData("height", "tall", "not a number")]
    [InlineData("height", "-4", "outside")]
    [InlineData("height", "25000", "outside")]
    [InlineData("height", "NaN", "not a number")]
    [InlineData("building:levels", "lots", "not a number")]
    public void Unusable_value_is_reported_and_ignored(string key, string value, string reason)
    {
        var height = _heights.Resolve(Tags((key, value)));

        Assert.True(height.Estimated);
        Assert.NotNull(height.Warning);
        Assert.Contains(key, height.Warning);
        Assert.Contains(reason, height.Warning);
    }

    [Fact]
    public void Min_height_lifts_the_bottom()
    {
        var height = _heights.Resolve(Tags(("height", "30"), ("min_height", "10")));

        Assert.Equal(10, height.MinHeight);
        Assert.Equal(30, height.Height);
    }

    [Fact]
    public void Min_level_lifts_the_bottom_by_storeys()
    {
        var height = _heights.Resolve(Tags(("building:levels", "5"), ("building:min_level", "2")));

        Assert.Equal(2 * HeightSettings.DefaultStoreyHeight, height.MinHeight);
    }

    [Fact]
    public void Min_height_above_height_is_reported_and_reset_to_ground()
    {
        var height = _heights.Resolve(Tags(("height", "10"), ("min_height", "12")));

        Assert.Equal(0, height.MinHeight);
        Assert.Contains("min_height", height.Warning);
    }
}
