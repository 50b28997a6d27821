using Microsoft.Extensions.DependencyInjection;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Models.Sensors;
using TwinCity.Silo.Ingestion;

namespace TwinCity.Silo.Tests.Ingestion;

/// <summary>A small city of fresh buildings in one tile, made the current city of the test cluster.</summary>
internal static class TestCity
{
    /// <summary>Creates <paramref name="count"/> buildings and returns their ids (feature i is ids[i]).</summary>
    public static async Task<string[]> CreateAsync(ClusterFixture fixture, int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => "osm:way/" + Random.Shared.NextInt64(1, long.MaxValue)).ToArray();
        var tileId = "t-" + Guid.NewGuid().ToString("N");
        await fixture.Client.GetGrain<ITileGrain>(tileId).InitializeAsync(ids, MetricCatalog.Buildings.Count);
        for (var i = 0; i < count; i++)
        {
            await fixture.Client.GetGrain<IBuildingGrain>(ids[i]).InitializeAsync(
                new BuildingInfo(ids[i], null, 9, 0, true, 80, tileId, i, new Dictionary<string, string>()));
        }

        var tile = new TileInfo(tileId, 0, 0, 1, 1, 9, count, $"tiles/{tileId}.glb");
        var city = new CityInfo("Test", new GeoOrigin(43.73, 7.42, 0), [tile], MetricCatalog.Buildings,
            new Provenance("test", "ODbL 1.0", "test", []), Random.Shared.NextInt64());
        await fixture.Client.GetGrain<ICityGrain>(ICityGrain.DefaultKey).SetCityAsync(city, ids);
        fixture.SiloServices.GetRequiredService<EntityDirectory>().Invalidate();
        return ids;
    }

    /// <summary>Registers one power meter per building and returns the sensor ids (sensor i measures ids[i]).</summary>
    public static async Task<string[]> RegisterMetersAsync(ClusterFixture fixture, IReadOnlyList<string> buildings)
    {
        var registry = fixture.Client.GetGrain<ISensorRegistryGrain>(ISensorRegistryGrain.DefaultKey);
        var sensors = buildings.Select(b => "meter-" + Guid.NewGuid().ToString("N")[..12]).ToArray();
        for (var i = 0; i < sensors.Length; i++)
        {
            await registry.RegisterAsync(new SensorInfo(sensors[i], buildings[i], MetricCatalog.PowerKw.Id, MetricCatalog.PowerKw.Unit, "tests", "tests", 1, false));
        }

        fixture.SiloServices.GetRequiredService<SensorDirectory>().Invalidate();
        return sensors;
    }
}
