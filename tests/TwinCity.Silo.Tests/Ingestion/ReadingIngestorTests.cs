using Microsoft.Extensions.DependencyInjection;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Ingestion;

namespace TwinCity.Silo.Tests.Ingestion;

[Collection(ClusterCollection.Name)]
public sealed class ReadingIngestorTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Batch_with_one_unknown_entity_is_rejected_whole_and_changes_nothing()
    {
        var (ingestor, ids) = await CityWithBuildingsAsync(2);
        var now = DateTimeOffset.UtcNow;

        var result = await ingestor.IngestAsync(
        [
            new EntityReading(ids[0], "power_kw", 11, now),
            new EntityReading("osm:way/does-not-exist", "power_kw", 12, now),
        ]);

        Assert.False(result.Succeeded);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(1, problem.Index);
        Assert.Contains("unknown entity 'osm:way/does-not-exist'", problem.Reason);
        Assert.Empty((await fixture.Client.GetGrain<IBuildingGrain>(ids[0]).GetSnapshotAsync())!.Metrics);
    }

    [Fact]
    public async Task Valid_batch_reaches_every_building_grouped_by_entity()
    {
        var (ingestor, ids) = await CityWithBuildingsAsync(3);
        var now = DateTimeOffset.UtcNow;

        var result = await ingestor.IngestAsync(
        [
            new EntityReading(ids[0], "power_kw", 1, now),
            new EntityReading(ids[1], "power_kw", 2, now),
            new EntityReading(ids[0], "indoor_temp_c", 20, now),
        ]);

        Assert.Equal(3, result.Accepted);
        var first = await fixture.Client.GetGrain<IBuildingGrain>(ids[0]).GetSnapshotAsync();
        Assert.Equal(new Dictionary<string, double> { ["power_kw"] = 1, ["indoor_temp_c"] = 20 }, first!.Metrics);
        Assert.Equal(2, (await fixture.Client.GetGrain<IBuildingGrain>(ids[1]).GetSnapshotAsync())!.Metrics["power_kw"]);
    }

    private async Task<(ReadingIngestor Ingestor, string[] Ids)> CityWithBuildingsAsync(int count)
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
        var directory = fixture.SiloServices.GetRequiredService<EntityDirectory>();
        directory.Invalidate();
        return (fixture.SiloServices.GetRequiredService<ReadingIngestor>(), ids);
    }
}
