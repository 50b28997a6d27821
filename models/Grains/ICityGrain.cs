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
    /// are its buildings, <paramref name="networkEntityTiles"/> maps each segment, node and edge id
    /// (<see cref="INetworkEntityGrain"/>) to the layer tile whose <see cref="ILayerTileCatalogGrain"/> describes it.
    /// </summary>
    Task SetCityWithNetworksAsync(CityInfo city, IReadOnlyList<string> entityIds, IReadOnlyDictionary<string, string> networkEntityTiles);

    /// <summary>The city's street segment, utility node and edge ids, each with its layer tile.</summary>
    Task<IReadOnlyDictionary<string, string>> GetNetworkEntityTilesAsync();

    /// <summary>The catalogue, or null before any city is loaded.</summary>
    Task<CityInfo?> GetCityAsync();

    /// <summary>The live city's version (cheap: front ends poll it), or 0 before any city is loaded.</summary>
    Task<long> GetVersionAsync();

    /// <summary>Every building id of the city, in tile order.</summary>
    Task<IReadOnlyList<string>> GetEntityIdsAsync();
}
