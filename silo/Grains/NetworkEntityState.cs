using TwinCity.Models.Entities;

namespace TwinCity.Silo.Grains;

/// <summary>What a street segment or utility element grain persists: its description and latest value per metric.</summary>
[GenerateSerializer, Alias("TwinCity.Silo.NetworkEntityState")]
public sealed class NetworkEntityState
{
    /// <summary>Null until the entity is imported; a grain without it is an unknown id.</summary>
    [Id(0)] public NetworkEntityInfo? Info { get; set; }

    /// <summary>Latest value per metric index.</summary>
    [Id(1)] public Dictionary<int, double> Values { get; set; } = [];

    /// <summary>Time of the reading behind each value, per metric index.</summary>
    [Id(2)] public Dictionary<int, DateTimeOffset> Times { get; set; } = [];

    /// <summary>The city version <see cref="Info"/> was read for from the layer tile catalogue; -1 when it was set by <c>InitializeAsync</c>.</summary>
    [Id(3)] public long CityVersion { get; set; } = -1;

    /// <summary>Points of each metric's history written to the blob store, per metric index (see <see cref="PersistedHistory"/>).</summary>
    [Id(4)] public Dictionary<int, long> HistoryStored { get; set; } = [];
}
