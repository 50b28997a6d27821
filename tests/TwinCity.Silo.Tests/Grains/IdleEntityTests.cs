using Microsoft.Extensions.Logging.Abstractions;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Hosting;
using TwinCity.Silo.Persistence;

namespace TwinCity.Silo.Tests.Grains;

/// <summary>
/// An idle entity lets its in-memory history go once every point is in the store (a resident grain
/// costs less); its history must still answer in full, and keep growing when readings come back.
/// </summary>
public sealed class IdleEntityTests : IAsyncLifetime
{
    private static readonly TimeSpan Flush = TimeSpan.FromMilliseconds(150);
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private FolderStoreCluster? _cluster;

    public async Task InitializeAsync() =>
        _cluster = await FolderStoreCluster.StartAsync("idle", grainStateInStore: true, o => (o.StateFlushInterval, o.HistoryFlushInterval) = (Flush, Flush));

    public async Task DisposeAsync() => await _cluster!.DisposeAsync();

    [Fact]
    public async Task Idle_building_still_answers_its_whole_history_and_keeps_recording_after_it()
    {
        var building = await NewBuildingAsync("osm:way/1", "idle-tile");
        await building.ApplyReadingsAsync([.. Enumerable.Range(0, 3).Select(i => new MetricReading(0, i, T0.AddMinutes(i)))]);

        // Several flush intervals: the first writes the points, a later one finds the building idle.
        await Task.Delay(Flush * 8);
        var idle = await building.GetHistoryAsync(0, T0, T0.AddDays(1), 100);

        await building.ApplyReadingsAsync([new MetricReading(0, 3, T0.AddMinutes(3))]);
        await Task.Delay(Flush * 8);
        var after = await building.GetHistoryAsync(0, T0, T0.AddDays(1), 100);

        Assert.Equal([0, 1, 2], idle.Select(p => p.Value));
        Assert.Equal([0, 1, 2, 3], after.Select(p => p.Value));
        Assert.Equal(3, (await building.GetSnapshotAsync())!.Metrics[MetricCatalog.PowerKw.Id]);
    }

    [Fact]
    public async Task A_building_that_got_readings_stores_its_history_within_the_flush_interval_unasked()
    {
        var building = await NewBuildingAsync("osm:way/2", "stored-tile");
        var chunks = new HistoryChunkStore(_cluster!.Blobs, new TwinCitySiloOptions().HistoryCapacity, NullLogger<HistoryChunkStore>.Instance);

        await building.ApplyReadingsAsync([new MetricReading(0, 42, T0)]);

        // Nobody reads or deactivates the building: only the silo's write-behind clock can have written it.
        var deadline = DateTime.UtcNow + (Flush * 40);
        while (await _cluster.Blobs.ReadVersionedAsync(chunks.NameOf("osm:way/2", 0, 0)) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(Flush);
        }

        Assert.NotNull(await _cluster.Blobs.ReadVersionedAsync(chunks.NameOf("osm:way/2", 0, 0)));
    }

    /// <summary>A building alone in its own tile, initialised from an import.</summary>
    private async Task<IBuildingGrain> NewBuildingAsync(string id, string tileId)
    {
        await _cluster!.Client.GetGrain<ITileGrain>(tileId).InitializeAsync([id], MetricCatalog.Buildings.Count);
        var building = _cluster.Client.GetGrain<IBuildingGrain>(id);
        await building.InitializeAsync(new BuildingInfo(id, null, 12, 0, false, 100, tileId, 0, new Dictionary<string, string> { ["building"] = "yes" }));
        return building;
    }
}
