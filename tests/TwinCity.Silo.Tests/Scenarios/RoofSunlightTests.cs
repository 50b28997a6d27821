using TwinCity.Silo.Scenarios.Analysis;

namespace TwinCity.Silo.Tests.Scenarios;

public sealed class RoofSunlightTests
{
    // A 40 m tower on (0, 0)–(20, 20); with the sun due south 45° up, its shadow on a 10 m roof reaches 30 m north of it.
    private static readonly BuildingFootprint Tower = new("tower", Square(0, 0, 20), 40, 0);
    private static readonly (double, double)[] SouthAt45 = [(180, 45)];

    [Fact]
    public void A_lower_roof_within_the_towers_shadow_length_is_shaded_and_one_beyond_it_is_sunlit()
    {
        var near = new BuildingFootprint("near", Square(5, 35, 10), 10, 0);   // centre 20 m north of the tower
        var far = new BuildingFootprint("far", Square(5, 55, 10), 10, 0);     // centre 40 m north

        var hours = RoofSunlight.Hours([Tower, near, far], [near, far], SouthAt45);

        Assert.Equal(0, hours["near"]);
        Assert.Equal(1, hours["far"]);
    }

    [Fact]
    public void A_roof_south_of_the_tower_or_taller_than_it_keeps_the_sun()
    {
        var south = new BuildingFootprint("south", Square(5, -25, 10), 10, 0);
        var taller = new BuildingFootprint("taller", Square(5, 35, 10), 50, 0);

        var hours = RoofSunlight.Hours([Tower, south, taller], [south, taller], SouthAt45);

        Assert.Equal(1, hours["south"]);
        Assert.Equal(1, hours["taller"]);
    }

    [Fact]
    public void Hours_with_the_sun_low_or_down_are_not_counted()
    {
        var roof = new BuildingFootprint("roof", Square(100, 100, 10), 10, 0);

        var hours = RoofSunlight.Hours([roof], [roof], [(90, -5), (90, 5), (180, 45), (270, 30)]);

        Assert.Equal(2, hours["roof"]);
    }

    private static PlanePoint[] Square(double x, double y, double side) =>
        [new(x, y), new(x + side, y), new(x + side, y + side), new(x, y + side)];
}
