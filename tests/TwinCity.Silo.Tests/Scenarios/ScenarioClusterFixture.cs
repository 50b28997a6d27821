using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Scenarios.Baseline;

namespace TwinCity.Silo.Tests.Scenarios;

/// <summary>
/// A cluster whose silo has a blob store (a temporary folder) holding <see cref="SmallCity"/>'s baseline,
/// and whose catalogue names that city: scenario grains validate and analyse against it as against a loaded city.
/// </summary>
public sealed class ScenarioClusterFixture : IAsyncLifetime
{
    /// <summary>The city version the catalogue names.</summary>
    public const long CityVersion = 42;

    private FolderStoreCluster? _cluster;

    /// <summary>A client of the cluster.</summary>
    public IClusterClient Client => _cluster?.Client ?? throw new InvalidOperationException("The cluster is not started.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _cluster = await FolderStoreCluster.StartAsync("scenario-tests", grainStateInStore: false,
            seed: blobs => CityBaselineStore.WriteAsync(blobs, CityVersion, SmallCity.Data, CancellationToken.None));
        var city = new CityInfo("Small", new GeoOrigin(SmallCity.Latitude, SmallCity.Longitude, 0), [], MetricCatalog.Buildings, new Provenance("small.geojson", "CC0-1.0", "tests", []), CityVersion);
        await Client.GetGrain<ICityGrain>(ICityGrain.DefaultKey).SetCityAsync(city, ["b1", "b2", "b3"]);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>The collection that shares <see cref="ScenarioClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ScenarioClusterCollection : ICollectionFixture<ScenarioClusterFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "scenario-cluster";
}
