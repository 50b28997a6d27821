using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using TwinCity.Models.Storage;
using TwinCity.Silo.Hosting;

namespace TwinCity.Silo.Tests;

/// <summary>
/// An in-process cluster of one silo whose blob store is a temporary folder (deleted on dispose),
/// with the simulator off: for tests of what TwinCity writes to its store.
/// </summary>
public sealed class FolderStoreCluster : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;

    private FolderStoreCluster(string folder, LocalFolderBlobStore blobs, InProcessTestCluster cluster) =>
        (Folder, Blobs, _cluster) = (folder, blobs, cluster);

    /// <summary>The store's folder.</summary>
    public string Folder { get; }

    /// <summary>The silo's blob store.</summary>
    public LocalFolderBlobStore Blobs { get; }

    /// <summary>A client of the cluster.</summary>
    public IClusterClient Client => _cluster.Client;

    /// <summary>Starts the silo.</summary>
    /// <param name="name">Folder name prefix, for finding leftovers.</param>
    /// <param name="grainStateInStore">True: grain state goes to the folder too (else Orleans' memory storage).</param>
    /// <param name="configure">Silo options to change.</param>
    /// <param name="seed">Blobs to write before the silo starts.</param>
    public static async Task<FolderStoreCluster> StartAsync(string name, bool grainStateInStore, Action<TwinCitySiloOptions>? configure = null, Func<LocalFolderBlobStore, Task>? seed = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"twincity-{name}-{Guid.NewGuid():N}");
        var blobs = new LocalFolderBlobStore(folder);
        if (seed is not null)
        {
            await seed(blobs);
        }

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureHost(host => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["TwinCity:Simulator:Enabled"] = "false" }));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<IBlobStore>(blobs);
            if (grainStateInStore)
            {
                silo.Services.AddSingleton<IConditionalBlobStore>(blobs);
            }

            silo.AddTwinCitySilo(o => o.Configure(options => configure?.Invoke(options)));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new FolderStoreCluster(folder, blobs, cluster);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
