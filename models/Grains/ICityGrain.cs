using TwinCity.Models.Entities;

namespace TwinCity.Models.Grains;

/// <summary>The city catalogue (one per twin, key <see cref="DefaultKey"/>): tiles, metrics, provenance and entity ids.</summary>
public interface ICityGrain : IGrainWithStringKey
{
    /// <summary>The key of the one catalogue of this twin.</summary>
    const string DefaultKey = "default";

    /// <summary>Replaces the catalogue after an import; the version given is stored as is.</summary>
    Task SetCityAsync(CityInfo city, IReadOnlyList<string> entityIds);

    /// <summary>
    /// Replaces the catalogue after an import of a city with street or utility layers: <paramref name="entityIds"/>
    /// are its buildings, <paramref name="networkEntityIds"/> its segments, nodes and edges (<see cref="INetworkEntityGrain"/>).
    /// </summary>
    Task SetCityWithNetworksAsync(CityInfo city, IReadOnlyList<string> entityIds, IReadOnlyList<string> networkEntityIds);

    /// <summary>The ids of the city's street segments, utility nodes and edges.</summary>
    Task<IReadOnlyList<string>> GetNetworkEntityIdsAsync();

    /// <summary>The catalogue, or null before any city is loaded.</summary>
    Task<CityInfo?> GetCityAsync();

    /// <summary>Every building id of the city, in tile order.</summary>
    Task<IReadOnlyList<string>> GetEntityIdsAsync();
}
