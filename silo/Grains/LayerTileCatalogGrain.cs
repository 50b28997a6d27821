using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Silo.Hosting;

namespace TwinCity.Silo.Grains;

/// <summary>The entity descriptions of one street or utility tile, read by entity grains as they activate.</summary>
public sealed class LayerTileCatalogGrain(
    [PersistentState("layer-tile-catalog", TwinCitySiloOptions.StorageName)] IPersistentState<LayerTileCatalogState> state) : Grain, ILayerTileCatalogGrain
{
    private Dictionary<string, NetworkEntityInfo>? _byId;

    /// <inheritdoc />
    public async Task SetEntitiesAsync(IReadOnlyList<NetworkEntityInfo> entities)
    {
        state.State.Entities = [.. entities];
        _byId = null;
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public Task<NetworkEntityInfo?> GetEntityAsync(string entityId)
    {
        _byId ??= state.State.Entities.ToDictionary(e => e.Id, StringComparer.Ordinal);
        return Task.FromResult(_byId.GetValueOrDefault(entityId));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<NetworkEntityInfo>> GetEntitiesAsync() => Task.FromResult<IReadOnlyList<NetworkEntityInfo>>(state.State.Entities);
}
