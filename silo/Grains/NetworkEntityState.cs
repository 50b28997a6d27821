using TwinCity.Models.Entities;

namespace TwinCity.Silo.Grains;

/// <summary>What a street segment or utility element grain persists: its description and latest value per metric.</summary>
[GenerateSerializer, Alias("TwinCity.Silo.NetworkEntityState")]
public sealed class NetworkEntityState
{
    /// <summary>Null until the entity is imported; a grain without it is an unknown id.</summary>
    [Id(0)] public NetworkEntityInfo? Info { get; set; }

    /// <summary>Latest value per metric, its time, and the history points stored. (Ids 1, 2 and 4 held them as dictionaries.)</summary>
    [Id(5)] public EntityMetrics Metrics { get; set; } = new();

    /// <summary>The city version <see cref="Info"/> was read for from the layer tile catalogue; -1 when it was set by <c>InitializeAsync</c>.</summary>
    [Id(3)] public long CityVersion { get; set; } = -1;
}
