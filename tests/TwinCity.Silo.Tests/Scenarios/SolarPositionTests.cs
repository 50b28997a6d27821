using TwinCity.Silo.Scenarios.Analysis;

namespace TwinCity.Silo.Tests.Scenarios;

public sealed class SolarPositionTests
{
    // NREL SPA report (Reda & Andreas 2004, table A4.1): 2003-10-17 12:30:30 at UTC−7, 39.742476 N,
    // 105.1786 W: topocentric zenith 50.11162° (with 0.0167° refraction at 820 mbar, 11 °C), azimuth 194.34024°.
    [Fact]
    public void Sun_position_matches_the_published_SPA_example_within_two_hundredths_of_a_degree()
    {
        var (azimuth, elevation) = SolarPosition.At(new DateTimeOffset(2003, 10, 17, 12, 30, 30, TimeSpan.FromHours(-7)), 39.742476, -105.1786);

        Assert.InRange(azimuth, 194.34024 - 0.02, 194.34024 + 0.02);
        Assert.InRange(90 - elevation, 50.11162 + 0.0167 - 0.02, 50.11162 + 0.0167 + 0.02);
    }

    [Fact]
    public void Sun_is_below_the_horizon_at_midnight_and_high_in_the_south_at_noon_in_Monaco_in_June()
    {
        var (_, night) = SolarPosition.At(new DateTimeOffset(2026, 6, 21, 0, 0, 0, TimeSpan.FromHours(2)), 43.73, 7.42);
        var (azimuth, noon) = SolarPosition.At(new DateTimeOffset(2026, 6, 21, 13, 30, 0, TimeSpan.FromHours(2)), 43.73, 7.42);

        Assert.True(night < 0, $"elevation at midnight {night}");
        // At the solstice the noon elevation is 90 − latitude + 23.44 = 69.71°.
        Assert.InRange(noon, 69.71 - 0.2, 69.71 + 0.2);
        Assert.InRange(azimuth, 170, 190);
    }
}
