using TwinCity.Models.Metrics;
using TwinCity.Models.Sensors;

namespace TwinCity.Silo.Simulation;

/// <summary>The simulator's meters: one power meter and one thermometer per building, in the public register.</summary>
public static class SimulatedSensors
{
    /// <summary>The operator named in the register, so nobody mistakes simulated data for measurements.</summary>
    public const string Operator = "TwinCity simulator";

    /// <summary>Sensor id of a building's simulated power meter.</summary>
    public static string PowerId(string entityId) => "sim-power." + Safe(entityId);

    /// <summary>Sensor id of a building's simulated thermometer.</summary>
    public static string TemperatureId(string entityId) => "sim-temp." + Safe(entityId);

    /// <summary>The register entries for <paramref name="buildings"/>.</summary>
    public static List<SensorInfo> For(IReadOnlyList<SimulatedBuilding> buildings)
    {
        var sensors = new List<SensorInfo>(buildings.Count * 2);
        foreach (var building in buildings)
        {
            sensors.Add(new SensorInfo(PowerId(building.Id), building.Id, MetricCatalog.PowerKw.Id, MetricCatalog.PowerKw.Unit,
                Operator, "Demonstration data: simulated power use with a daily cycle, not a measurement", 1, false));
            sensors.Add(new SensorInfo(TemperatureId(building.Id), building.Id, MetricCatalog.IndoorTemperature.Id, MetricCatalog.IndoorTemperature.Unit,
                Operator, "Demonstration data: simulated indoor temperature, not a measurement", 1, false));
        }

        return sensors;
    }

    /// <summary>Entity ids hold '/', which an MQTT topic level and a sensor id may not.</summary>
    private static string Safe(string entityId) => entityId.Replace('/', '-');
}
