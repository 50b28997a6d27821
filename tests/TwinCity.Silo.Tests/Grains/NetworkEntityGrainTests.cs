using Microsoft.Extensions.DependencyInjection;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;

namespace TwinCity.Silo.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class NetworkEntityGrainTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private static readonly int Flow = MetricCatalog.IndexOf("traffic_flow");

    [Fact]
    public async Task Newest_reading_per_metric_wins_and_older_ones_enter_the_history_in_time_order()
    {
        var (segment, _) = await NewSegmentAsync(0, 1);

        await segment.ApplyReadingsAsync([new MetricReading(Flow, 300, T0.AddMinutes(5)), new MetricReading(Flow, 100, T0)]);
        await segment.ApplyReadingsAsync([new MetricReading(Flow, 999, T0.AddMinutes(1))]);

        var snapshot = await segment.GetSnapshotAsync();
        Assert.Equal(300, snapshot!.Metrics["traffic_flow"]);
        Assert.Equal(T0.AddMinutes(5), snapshot.UpdatedAt);
        var history = await segment.GetHistoryAsync(Flow, T0.AddHours(-1), T0.AddHours(1), 10);
        Assert.Equal([100.0, 999, 300], history.Select(p => p.Value));
    }

    [Fact]
    public async Task Reading_for_an_uninitialised_segment_is_rejected_and_it_stays_unknown()
    {
        var unknown = fixture.Client.GetGrain<INetworkEntityGrain>($"osm:way/{Guid.NewGuid():N}#0");

        Assert.False((await unknown.ApplyReadingsAsync([new MetricReading(Flow, 1, T0)])).Known);
        Assert.Null(await unknown.GetSnapshotAsync());
    }

    [Fact]
    public async Task Applied_readings_name_the_layer_tile_and_count_the_changed_values()
    {
        var (segment, tileId) = await NewSegmentAsync(featureIndex: 2, featureCount: 4);

        var applied = await segment.ApplyReadingsAsync([new MetricReading(Flow, 640, T0)]);
        var again = await segment.ApplyReadingsAsync([new MetricReading(Flow, 700, T0)]);

        Assert.Equal(tileId, applied.TileId);
        Assert.Equal(1, applied.Changed);
        Assert.Equal(0, again.Changed);
    }

    [Fact]
    public async Task Reinitialising_with_another_feature_index_drops_the_old_values()
    {
        var (segment, tileId) = await NewSegmentAsync(0, 2);
        await segment.ApplyReadingsAsync([new MetricReading(Flow, 50, T0)]);
        var info = (await segment.GetSnapshotAsync())!.Info;

        await segment.InitializeAsync(info with { FeatureIndex = 1 });

        Assert.Empty((await segment.GetSnapshotAsync())!.Metrics);
        Assert.Equal(tileId, (await segment.GetSnapshotAsync())!.Info.TileId);
    }

    [Fact]
    public async Task An_entity_of_the_current_city_describes_itself_from_its_tile_catalogue_and_is_forgotten_when_the_city_drops_it()
    {
        var id = $"osm:way/{Random.Shared.NextInt64(1, long.MaxValue)}#3";
        var tileId = $"streets/t-{Guid.NewGuid():N}";
        var info = new NetworkEntityInfo(id, NetworkEntityKinds.StreetSegment, "Quai", "streets", tileId, 0, 80, new Dictionary<string, string>(), "ODbL-1.0", "osm");
        await fixture.Client.GetGrain<ITileGrain>(tileId).InitializeAsync([id], MetricCatalog.Buildings.Count);
        await fixture.Client.GetGrain<ILayerTileCatalogGrain>(tileId).SetEntitiesAsync([info]);
        await SetCityAsync(new Dictionary<string, string> { [id] = tileId });
        var segment = fixture.Client.GetGrain<INetworkEntityGrain>(id);

        var loaded = await segment.GetSnapshotAsync();
        var applied = await segment.ApplyReadingsAsync([new MetricReading(Flow, 75, T0)]);
        await SetCityAsync(new Dictionary<string, string>());
        var afterReload = await segment.GetSnapshotAsync();

        Assert.Equal(info, loaded!.Info with { Attributes = info.Attributes });
        Assert.True(applied.Known);
        Assert.Null(afterReload);
        Assert.False((await segment.ApplyReadingsAsync([new MetricReading(Flow, 80, T0.AddMinutes(1))])).Known);
    }

    private async Task SetCityAsync(Dictionary<string, string> networkTiles)
    {
        var city = new CityInfo("Test", new GeoOrigin(43.73, 7.42, 0), [], MetricCatalog.Buildings, new Provenance("test", "ODbL-1.0", "test", []), Random.Shared.NextInt64());
        await fixture.Client.GetGrain<ICityGrain>(ICityGrain.DefaultKey).SetCityWithNetworksAsync(city, [], networkTiles);
        fixture.SiloServices.GetRequiredService<Silo.Ingestion.EntityDirectory>().Invalidate();
    }

    private async Task<(INetworkEntityGrain Segment, string TileId)> NewSegmentAsync(int featureIndex, int featureCount)
    {
        var id = $"osm:way/{Random.Shared.NextInt64(1, long.MaxValue)}#0";
        var tileId = $"streets/t-{Guid.NewGuid():N}";
        await fixture.Client.GetGrain<ITileGrain>(tileId).InitializeAsync([.. Enumerable.Range(0, featureCount).Select(i => i == featureIndex ? id : $"other-{i}")], MetricCatalog.Buildings.Count);
        var segment = fixture.Client.GetGrain<INetworkEntityGrain>(id);
        await segment.InitializeAsync(new NetworkEntityInfo(id, NetworkEntityKinds.StreetSegment, "Boulevard", "streets", tileId, featureIndex, 120,
            new Dictionary<string, string> { ["highway"] = "primary" }, "ODbL-1.0", "© OpenStreetMap contributors"));
        return (segment, tileId);
    }
}
