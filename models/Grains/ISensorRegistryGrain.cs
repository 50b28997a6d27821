using TwinCity.Models.Sensors;

namespace TwinCity.Models.Grains;

/// <summary>The register of every sensor (DESIGN §9). One per twin, key <see cref="DefaultKey"/>.</summary>
public interface ISensorRegistryGrain : IGrainWithStringKey
{
    /// <summary>The key of the twin's register.</summary>
    const string DefaultKey = "default";

    /// <summary>Adds or replaces a sensor's entry; returns the register's new version.</summary>
    Task<long> RegisterAsync(SensorInfo sensor);

    /// <summary>
    /// Replaces every sensor run by <paramref name="operatorName"/> with <paramref name="sensors"/> in one
    /// write: how a fleet (the simulator, a gateway) follows a city that changed.
    /// </summary>
    Task<long> ReplaceOperatorAsync(string operatorName, IReadOnlyList<SensorInfo> sensors);

    /// <summary>Removes a sensor; false when it was not registered.</summary>
    Task<bool> RemoveAsync(string sensorId);

    /// <summary>The register's version alone: how a cache of <see cref="GetAllAsync"/> learns that it is still current.</summary>
    Task<long> GetVersionAsync();

    /// <summary>Every entry and the register's version (it changes with every edit).</summary>
    Task<(long Version, IReadOnlyList<SensorInfo> Sensors)> GetAllAsync();
}
