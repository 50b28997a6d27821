using TwinCity.Models.Entities;

namespace TwinCity.Models.Grains;

/// <summary>
/// The descriptions of the street segments or utility elements drawn in one layer tile, keyed by the tile id
/// (e.g. <c>streets/t-0-1</c>). A city load writes one of these per layer tile instead of initialising thousands
/// of entity grains; an <see cref="INetworkEntityGrain"/> reads its description from here when first activated
/// (DESIGN §3: entity grains are activated on demand).
/// </summary>
public interface ILayerTileCatalogGrain : IGrainWithStringKey
{
    /// <summary>Replaces the tile's entities.</summary>
    Task SetEntitiesAsync(IReadOnlyList<NetworkEntityInfo> entities);

    /// <summary>The description of <paramref name="entityId"/>, or null when the tile does not hold it.</summary>
    Task<NetworkEntityInfo?> GetEntityAsync(string entityId);

    /// <summary>Every entity of the tile, in feature order.</summary>
    Task<IReadOnlyList<NetworkEntityInfo>> GetEntitiesAsync();
}
