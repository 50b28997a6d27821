using TwinCity.Models.Grains;

namespace TwinCity.Silo.Grains;

/// <summary>What a tile grain persists: the entity id of each feature index.</summary>
[GenerateSerializer, Alias("TwinCity.Silo.TileGrainState")]
public sealed class TileGrainState
{
    /// <summary>Feature index i holds entity <c>FeatureIds[i]</c>.</summary>
    [Id(0)] public List<string> FeatureIds { get; set; } = [];

    /// <summary>Number of metrics per feature.</summary>
    [Id(1)] public int MetricCount { get; set; }

    /// <summary>
    /// The front ends subscribed to this tile. Persisted so a tile grain that reactivates elsewhere (its
    /// silo died) sends its next frame to them at once, instead of after their next renewal.
    /// </summary>
    [Id(2)] public List<ITileObserver> Subscribers { get; set; } = [];
}
