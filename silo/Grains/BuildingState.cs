using TwinCity.Models.Entities;

namespace TwinCity.Silo.Grains;

/// <summary>What a building grain persists: its description and its latest value per metric.</summary>
[GenerateSerializer, Alias("TwinCity.Silo.BuildingState")]
public sealed class BuildingState
{
    /// <summary>Null until the building is imported; a grain without it is an unknown id.</summary>
    [Id(0)] public BuildingInfo? Info { get; set; }

    /// <summary>Latest value per metric, its time, and the history points stored. (Ids 1 to 3 held them as dictionaries.)</summary>
    [Id(4)] public EntityMetrics Metrics { get; set; } = new();
}
