namespace TwinCity.Models.Entities;

/// <summary>One tile of the city: a rectangle of the local frame whose buildings share one mesh.</summary>
/// <param name="Id">Tile id, safe in URLs, blob names and SignalR group names (e.g. <c>t-3-5</c>).</param>
/// <param name="MinX">West edge, metres east of the origin.</param>
/// <param name="MinY">South edge, metres north of the origin.</param>
/// <param name="MaxX">East edge.</param>
/// <param name="MaxY">North edge.</param>
/// <param name="MaxHeight">Tallest building top in the tile, metres.</param>
/// <param name="FeatureCount">Number of features (buildings) in the tile.</param>
/// <param name="Content">Blob name of the tile's GLB, relative to the city root (<c>/city/</c>): <c>tiles/t-0-1.glb</c>, <c>streets/tiles/t-0-1.glb</c>.</param>
/// <param name="Layer">The layer the tile belongs to (<see cref="LayerIds"/>).</param>
[GenerateSerializer, Immutable, Alias("TwinCity.TileInfo")]
public sealed record TileInfo(
    string Id,
    double MinX,
    double MinY,
    double MaxX,
    double MaxY,
    double MaxHeight,
    int FeatureCount,
    string Content,
    string Layer = LayerIds.Buildings);
