using TwinCity.Models.Entities;

namespace TwinCity.Silo.Grains;

/// <summary>What a layer tile catalogue persists: the descriptions of its entities.</summary>
[GenerateSerializer, Alias("TwinCity.Silo.LayerTileCatalogState")]
public sealed class LayerTileCatalogState
{
    /// <summary>The tile's entities in feature order.</summary>
    [Id(0)] public List<NetworkEntityInfo> Entities { get; set; } = [];
}
