using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;

namespace TwinCity.Silo.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class BuildingGrainTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Reading_changes_the_building_latest_value()
    {
        var (building, _) = await NewBuildingAsync();

        var applied = await building.ApplyReadingsAsync([new MetricReading(0, 42.5, T0)]);

        var snapshot = await building.GetSnapshotAsync();
        Assert.True(applied.Known);
        Assert.Equal(42.5, snapshot!.Metrics[MetricCatalog.PowerKw.Id]);
        Assert.Equal(T0, snapshot.UpdatedAt);
    }

    [Fact]
    public async Task Older_reading_does_not_replace_a_newer_one()
    {
        var (building, _) = await NewBuildingAsync();

        await building.ApplyReadingsAsync([new MetricReading(0, 10, T0.AddMinutes(5))]);
        await building.ApplyReadingsAsync([new MetricReading(0, 99, T0)]);

        Assert.Equal(10, (await building.GetSnapshotAsync())!.Metrics[MetricCatalog.PowerKw.Id]);
    }

    [Fact]
    public async Task Reading_for_unknown_building_is_rejected_and_state_is_unchanged()
    {
        var unknown = fixture.Client.GetGrain<IBuildingGrain>("osm:way/" + Guid.NewGuid().ToString("N"));

        var applied = await unknown.ApplyReadingsAsync([new MetricReading(0, 1, T0)]);

        Assert.False(applied.Known);
        Assert.Null(await unknown.GetSnapshotAsync());
    }

    [Fact]
    public async Task Applied_readings_name_the_tile_and_count_only_the_readings_newer_than_those_held()
    {
        var (building, tileId) = await NewBuildingAsync(featureIndex: 3, featureCount: 5);

        var applied = await building.ApplyReadingsAsync([new MetricReading(1, 21.5, T0), new MetricReading(0, 7, T0)]);
        var stale = await building.ApplyReadingsAsync([new MetricReading(1, 99, T0.AddMinutes(-1)), new MetricReading(0, 8, T0.AddMinutes(1))]);

        Assert.Equal(tileId, applied.TileId);
        Assert.Equal(2, applied.Changed);
        Assert.True(stale.Known);
        Assert.Equal(1, stale.Changed);
        var snapshot = await building.GetSnapshotAsync();
        Assert.Equal(21.5, snapshot!.Metrics[MetricCatalog.Buildings[1].Id]);
        Assert.Equal(8, snapshot.Metrics[MetricCatalog.Buildings[0].Id]);
    }

    [Fact]
    public async Task A_late_reading_joins_the_history_in_time_order_without_replacing_the_latest_value_and_a_replay_changes_nothing()
    {
        var (building, _) = await NewBuildingAsync();
        await building.ApplyReadingsAsync([new MetricReading(0, 1, T0), new MetricReading(0, 3, T0.AddMinutes(2))]);

        var late = await building.ApplyReadingsAsync([new MetricReading(0, 2, T0.AddMinutes(1))]);
        var replay = await building.ApplyReadingsAsync([new MetricReading(0, 99, T0.AddMinutes(1))]);

        Assert.Equal(0, late.Changed);
        Assert.Equal(0, replay.Changed);
        Assert.Equal(3, (await building.GetSnapshotAsync())!.Metrics[MetricCatalog.Buildings[0].Id]);
        var history = await building.GetHistoryAsync(0, T0.AddHours(-1), T0.AddHours(1), 100);
        Assert.Equal([1.0, 2, 3], history.Select(p => p.Value));
        Assert.Equal([T0, T0.AddMinutes(1), T0.AddMinutes(2)], history.Select(p => p.Time));
    }

    private async Task<(IBuildingGrain Building, string TileId)> NewBuildingAsync(int featureIndex = 0, int featureCount = 1)
    {
        var id = "osm:way/" + Random.Shared.NextInt64(1, long.MaxValue);
        var tileId = "t-" + Guid.NewGuid().ToString("N");
        var ids = Enumerable.Range(0, featureCount).Select(i => i == featureIndex ? id : $"{id}-{i}").ToArray();
        await fixture.Client.GetGrain<ITileGrain>(tileId).InitializeAsync(ids, MetricCatalog.Buildings.Count);
        var building = fixture.Client.GetGrain<IBuildingGrain>(id);
        await building.InitializeAsync(new BuildingInfo(id, "Test", 12, 0, false, 100, tileId, featureIndex, new Dictionary<string, string>()));
        return (building, tileId);
    }
}
