using TwinCity.Models.Entities;

namespace TwinCity.Silo.Grains;

/// <summary>What the city catalogue grain persists.</summary>
[GenerateSerializer, Alias("TwinCity.Silo.CityState")]
public sealed class CityState
{
    /// <summary>The current catalogue, or null before the first import.</summary>
    [Id(0)] public CityInfo? City { get; set; }

    /// <summary>Every entity id of the city.</summary>
    [Id(1)] public List<string> EntityIds { get; set; } = [];

    /// <summary>Every street segment, utility node and edge id of the city, with its layer tile.</summary>
    [Id(2)] public Dictionary<string, string> NetworkEntityTiles { get; set; } = [];
}
