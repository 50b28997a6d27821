using Orleans.Concurrency;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;

namespace TwinCity.Silo.Grains;

/// <summary>
/// Fans a batch of initialisations out from inside the silo. A stateless worker, so several batches run at
/// once on every silo; grain-to-grain calls skip the client round trip each entity would otherwise cost.
/// </summary>
[StatelessWorker]
public sealed class NetworkLoaderGrain : Grain, INetworkLoaderGrain
{
    /// <inheritdoc />
    public Task InitializeAsync(IReadOnlyList<NetworkEntityInfo> entities) =>
        Task.WhenAll(entities.Select(e => GrainFactory.GetGrain<INetworkEntityGrain>(e.Id).InitializeAsync(e)));
}
