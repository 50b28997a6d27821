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
        Assert.True(applied);
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

        Assert.False(applied);
        Assert.Null(await unknown.GetSnapshotAsync());
    }

    [Fact]
    public async Task Reading_reaches_the_building_tile_as_a_frame_with_its_feature_index()
    {
        var (building, tileId) = await NewBuildingAsync(featureIndex: 3, featureCount: 5);
        var observer = new RecordingTileObserver();
        var tile = fixture.Client.GetGrain<ITileGrain>(tileId);
        await tile.SubscribeAsync(fixture.Client.CreateObjectReference<ITileObserver>(observer));

        await building.ApplyReadingsAsync([new MetricReading(1, 21.5, T0)]);
        var frame = await observer.NextAsync("frame after one reading");

        var change = Assert.Single(Models.Frames.TileFrameCodec.Decode(frame.Payload));
        Assert.Equal((3, 1, 21.5f), (change.FeatureIndex, change.MetricIndex, change.Value));
        Assert.Equal(tileId, frame.TileId);
        Assert.False(frame.IsSnapshot);
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
