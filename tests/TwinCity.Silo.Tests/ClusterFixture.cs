using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using TwinCity.Silo.Hosting;

namespace TwinCity.Silo.Tests;

/// <summary>One in-process Orleans cluster running TwinCity's grains, shared by the grain tests.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>Frame interval of this cluster: long enough that a test's burst of changes lands within one tick.</summary>
    public static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(500);

    private InProcessTestCluster? _cluster;

    /// <summary>A client of the cluster.</summary>
    public IClusterClient Client => _cluster?.Client ?? throw new InvalidOperationException("The cluster is not started.");

    /// <summary>The silo's services (ingestion runs there in the embedded twin).</summary>
    public IServiceProvider SiloServices => _cluster?.Silos[0].ServiceProvider ?? throw new InvalidOperationException("The cluster is not started.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureHost(host => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TwinCity:Simulator:Enabled"] = "false",
        }));
        builder.ConfigureSilo((_, silo) => silo.AddTwinCitySilo(o => o.Configure(s => s.FrameInterval = FrameInterval))
            .AddIncomingGrainCallFilter(HeldTileCalls.InvokeAsync));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>The collection that shares <see cref="ClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "cluster";
}
