using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Grains;
using TwinCity.Silo.Persistence;

namespace TwinCity.Silo.Tests.Grains;

/// <summary>
/// With <c>DurableReadings</c> (a cluster's silos), a call that applied readings returns only once its
/// latest values and history are in the store: the flush intervals here are an hour, so nothing but
/// that path can have written them.
/// </summary>
public sealed class DurableReadingsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);
    private FolderStoreCluster? _cluster;

    public async Task InitializeAsync() =>
        _cluster = await FolderStoreCluster.StartAsync("durable", grainStateInStore: true, o =>
        {
            o.DurableReadings = true;
            (o.StateFlushInterval, o.HistoryFlushInterval) = (Never, Never);
        });

    public async Task DisposeAsync() => await _cluster!.DisposeAsync();

    [Fact]
    public async Task Building_reading_is_stored_with_its_history_when_the_call_returns()
    {
        var building = await NewBuildingAsync("osm:way/7");

        await building.ApplyReadingsAsync([new MetricReading(0, 41.5, T0), new MetricReading(0, 42.5, T0.AddSeconds(30))]);

        var stored = await StoredStateAsync("osm:way/7");
        Assert.Equal(42.5, stored.Metrics.ValueOf(0));
        Assert.Equal(2, stored.Metrics.StoredCount(0));
        var chunk = await new HistoryChunkStore(_cluster!.Blobs, 2880, NullLogger<HistoryChunkStore>.Instance).ReadAsync("osm:way/7", 0, 0);
        Assert.Equal([41.5f, 42.5f], chunk!.Value.Points.Select(p => p.Value));
    }

    [Fact]
    public async Task Reading_already_held_is_acknowledged_only_once_stored()
    {
        // A repeated reading changes nothing; the call still returns after the write, never before.
        var building = await NewBuildingAsync("osm:way/8");
        await building.ApplyReadingsAsync([new MetricReading(0, 10, T0)]);

        var again = await building.ApplyReadingsAsync([new MetricReading(0, 10, T0)]);

        Assert.Equal(0, again.Changed);
        Assert.Equal(10, (await StoredStateAsync("osm:way/8")).Metrics.ValueOf(0));
    }

    private async Task<IBuildingGrain> NewBuildingAsync(string id)
    {
        var grains = _cluster!.Client;
        await grains.GetGrain<ITileGrain>("durable-tile").InitializeAsync([id], MetricCatalog.Buildings.Count);
        var building = grains.GetGrain<IBuildingGrain>(id);
        await building.InitializeAsync(new BuildingInfo(id, null, 12, 0, false, 100, "durable-tile", 0, new Dictionary<string, string>()));
        return building;
    }

    private async Task<BuildingState> StoredStateAsync(string id)
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var storage = new BlobGrainStorage("check", _cluster!.Blobs, serializer, NullLogger<BlobGrainStorage>.Instance);
        var state = new GrainState<BuildingState>();
        await storage.ReadStateAsync("building", GrainId.Create("building", id), state);
        return state.State ?? throw new InvalidOperationException($"no state stored for {id}");
    }
}
