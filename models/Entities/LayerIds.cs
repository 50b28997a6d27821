namespace TwinCity.Models.Entities;

/// <summary>The ids of the city's tile layers (<see cref="LayerInfo.Id"/>, <see cref="TileInfo.Layer"/>).</summary>
public static class LayerIds
{
    /// <summary>Extruded buildings, tileset at <c>/city/tileset.json</c>.</summary>
    public const string Buildings = "buildings";

    /// <summary>Street segments, tileset at <c>/city/streets/tileset.json</c>; tile ids start with <c>streets/</c>.</summary>
    public const string Streets = "streets";

    /// <summary>Utility networks (power, gas, water...), tileset at <c>/city/networks/tileset.json</c>; tile ids start with <c>networks/</c>.</summary>
    public const string Networks = "networks";
}
