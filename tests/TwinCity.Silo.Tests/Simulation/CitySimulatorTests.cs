using TwinCity.Models.Entities;
using TwinCity.Silo.Simulation;

namespace TwinCity.Silo.Tests.Simulation;

public sealed class CitySimulatorTests
{
    [Fact]
    public void Evening_demand_is_higher_than_night_demand()
    {
        Assert.True(LoadProfile.DailyShape(19.5) > 2 * LoadProfile.DailyShape(3));
        Assert.True(LoadProfile.DailyShape(8.5) > LoadProfile.DailyShape(3));
    }

    [Fact]
    public void Round_reports_power_and_temperature_for_about_the_configured_share_of_buildings()
    {
        var buildings = Enumerable.Range(0, 1000)
            .Select(i => SimulatedBuilding.From(new BuildingInfo($"osm:way/{i}", null, 15, 0, false, 200, "t-0-0", i, new Dictionary<string, string>())))
            .ToArray();
        var now = new DateTimeOffset(2026, 11, 22, 19, 0, 0, TimeSpan.Zero);

        var readings = CitySimulator.Round(buildings, now, now, new Random(1), share: 0.5);

        var power = readings.Where(r => r.Unit == "kW").ToArray();
        Assert.InRange(power.Length, 420, 580);
        Assert.Equal(2 * power.Length, readings.Count);
        Assert.All(power, r => Assert.InRange(r.Value, 0.1, 250));
        Assert.All(readings, r => Assert.Equal(now, r.Time));
        var register = SimulatedSensors.For(buildings).ToDictionary(s => s.Id);
        Assert.All(readings, r => Assert.Equal(register[r.Name].Unit, r.Unit));
    }

    [Fact]
    public void Building_personality_is_stable_across_runs()
    {
        var info = new BuildingInfo("osm:way/42", null, 30, 0, false, 500, "t-0-0", 0, new Dictionary<string, string>());

        Assert.Equal(SimulatedBuilding.From(info), SimulatedBuilding.From(info));
        Assert.Equal(500 * 10, SimulatedBuilding.From(info).FloorArea);
    }
}
