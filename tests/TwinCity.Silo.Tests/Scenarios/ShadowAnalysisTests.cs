using TwinCity.Silo.Scenarios.Analysis;

namespace TwinCity.Silo.Tests.Scenarios;

public sealed class ShadowAnalysisTests
{
    private static readonly DateOnly Solstice = new(2026, 6, 21);

    [Fact]
    public void A_point_north_of_a_tower_is_in_its_shade_and_a_point_south_is_not()
    {
        var square = Square(0, 0, 10);

        Assert.True(ShadowAnalysis.Crosses(square, new PlanePoint(5, 20), new PlanePoint(5, 0)));
        Assert.False(ShadowAnalysis.Crosses(square, new PlanePoint(5, -20), new PlanePoint(5, -40)));
    }

    [Fact]
    public void A_new_tower_takes_sun_away_and_removing_it_gives_it_back()
    {
        var existing = new BuildingFootprint("osm:way/1", Square(-200, 0, 10), 10, 300);
        var tower = new BuildingFootprint("scenario:tower", Square(0, 0, 20), 60, 6000);

        var added = ShadowAnalysis.Compare([existing], [existing, tower], new HashSet<string> { tower.Id }, Solstice, 43.73, 7.42);
        var removed = ShadowAnalysis.Compare([existing, tower], [existing], new HashSet<string> { tower.Id }, Solstice, 43.73, 7.42);

        Assert.True(added.AreaLosingSun > 0);
        Assert.Equal(0, added.AreaGainingSun);
        Assert.True(added.ShadowedAreaChange > 0);
        Assert.Equal(added.AreaLosingSun, removed.AreaGainingSun);
        Assert.Equal(-added.ShadowedAreaChange, removed.ShadowedAreaChange, 6);
    }

    [Fact]
    public void Raising_a_building_shades_more_ground_than_before()
    {
        var low = new BuildingFootprint("osm:way/2", Square(0, 0, 20), 10, 1200);
        var high = low with { Height = 40 };

        var result = ShadowAnalysis.Compare([low], [high], new HashSet<string> { low.Id }, Solstice, 43.73, 7.42);

        Assert.True(result.AreaLosingSun > 0);
        Assert.Equal(0, result.AreaGainingSun);
    }

    private static PlanePoint[] Square(double x, double y, double side) =>
        [new(x, y), new(x + side, y), new(x + side, y + side), new(x, y + side)];
}
