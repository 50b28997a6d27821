using TwinCity.Models.Entities;

namespace TwinCity.Importers.Layers;

/// <summary>A tile layer written to the blob store, with the entities it draws.</summary>
/// <param name="Info">Id, name, tileset path and feature count, as the city catalogue lists it.</param>
/// <param name="Tiles">Its tiles; ids are prefixed with the layer id (<c>streets/t-0-1</c>).</param>
/// <param name="Entities">Every entity drawn, with its tile and feature index.</param>
public sealed record ImportedLayer(LayerInfo Info, IReadOnlyList<TileInfo> Tiles, IReadOnlyList<NetworkEntityInfo> Entities);
