using TwinCity.Models.Sensors;

namespace TwinCity.Silo.Grains;

/// <summary>Persisted state of <see cref="SensorRegistryGrain"/>.</summary>
[GenerateSerializer, Alias("TwinCity.SensorRegistryState")]
public sealed class SensorRegistryState
{
    /// <summary>Bumped by every edit, so caches know when to reload.</summary>
    [Id(0)]
    public long Version { get; set; }

    /// <summary>The entries, by sensor id.</summary>
    [Id(1)]
    public Dictionary<string, SensorInfo> Sensors { get; set; } = new(StringComparer.Ordinal);
}
