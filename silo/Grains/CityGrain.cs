using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Silo.Hosting;

namespace TwinCity.Silo.Grains;

/// <summary>The city catalogue: one per twin.</summary>
public sealed class CityGrain(
    [PersistentState("city", TwinCitySiloOptions.StorageName)] IPersistentState<CityState> state) : Grain, ICityGrain
{
    /// <inheritdoc />
    public async Task SetCityAsync(CityInfo city, IReadOnlyList<string> entityIds)
    {
        state.State.City = city;
        state.State.EntityIds = [.. entityIds];
        state.State.NetworkEntityTiles = [];
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public async Task SetCityWithNetworksAsync(CityInfo city, IReadOnlyList<string> entityIds, IReadOnlyDictionary<string, string> networkEntityTiles)
    {
        state.State.City = city;
        state.State.EntityIds = [.. entityIds];
        state.State.NetworkEntityTiles = new Dictionary<string, string>(networkEntityTiles, StringComparer.Ordinal);
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>> GetNetworkEntityTilesAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(state.State.NetworkEntityTiles);

    /// <inheritdoc />
    public Task<CityInfo?> GetCityAsync() => Task.FromResult(state.State.City);

    /// <inheritdoc />
    public Task<long> GetVersionAsync() => Task.FromResult(state.State.City?.Version ?? 0);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetEntityIdsAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.EntityIds);
}
