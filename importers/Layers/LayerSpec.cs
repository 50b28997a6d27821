using TwinCity.Models.Entities;

namespace TwinCity.Importers.Layers;

/// <summary>How a layer is written: its id and label, the metadata class of its features, and at what height it is drawn.</summary>
/// <param name="Id">Layer id (<see cref="LayerIds"/>); also the blob folder and the tile id prefix.</param>
/// <param name="Name">Human label.</param>
/// <param name="ClassName">The <c>EXT_structural_metadata</c> class of its features.</param>
/// <param name="Elevation">Metres above the city's ground plane: just above it, so ribbons do not flicker against a ground surface.</param>
/// <param name="TileSizeMeters">Side of the square cells features are grouped into, by the centre of their extent.</param>
public sealed record LayerSpec(string Id, string Name, string ClassName, float Elevation, double TileSizeMeters = 400)
{
    /// <summary>The street layer.</summary>
    public static LayerSpec Streets { get; } = new(LayerIds.Streets, "Streets", "street_segment", 0.3f);

    /// <summary>The utility network layer, drawn a little above the streets so crossings stay visible.</summary>
    public static LayerSpec Networks { get; } = new(LayerIds.Networks, "Utility networks", "network_element", 0.6f);
}
