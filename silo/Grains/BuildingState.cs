using TwinCity.Models.Entities;

namespace TwinCity.Silo.Grains;

/// <summary>What a building grain persists: its description and its latest value per metric.</summary>
[GenerateSerializer, Alias("TwinCity.Silo.BuildingState")]
public sealed class BuildingState
{
    /// <summary>Null until the building is imported; a grain without it is an unknown id.</summary>
    [Id(0)] public BuildingInfo? Info { get; set; }

    /// <summary>Latest value per metric index.</summary>
    [Id(1)] public Dictionary<int, double> Values { get; set; } = [];

    /// <summary>Time of the reading behind each value, per metric index.</summary>
    [Id(2)] public Dictionary<int, DateTimeOffset> Times { get; set; } = [];

    /// <summary>Points of each metric's history written to the blob store, per metric index (see <see cref="PersistedHistory"/>).</summary>
    [Id(3)] public Dictionary<int, long> HistoryStored { get; set; } = [];
}
