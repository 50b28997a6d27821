using TwinCity.Models.Entities;

namespace TwinCity.Models.Grains;

/// <summary>
/// Initialises many street segment and utility grains in one call from outside the silo: a city load sends a
/// tile's worth of descriptions at once instead of one message per entity. Stateless; any key.
/// </summary>
public interface INetworkLoaderGrain : IGrainWithIntegerKey
{
    /// <summary>Calls <see cref="INetworkEntityGrain.InitializeAsync"/> for each of <paramref name="entities"/>.</summary>
    Task InitializeAsync(IReadOnlyList<NetworkEntityInfo> entities);
}
