using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TwinCity.Models.Entities;
using TwinCity.Models.Frames;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Hosting;
using TwinCity.Silo.Ingestion;
using TwinCity.Silo.Tests.Grains;

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
        await Task.WhenAll(ids.Select(ingestor.FlushAsync)); // as the API does before it reads an entity
        var first = await fixture.Client.GetGrain<IBuildingGrain>(ids[0]).GetSnapshotAsync();
        Assert.Equal(new Dictionary<string, double> { ["power_kw"] = 1, ["indoor_temp_c"] = 20 }, first!.Metrics);
        Assert.Equal(2, (await fixture.Client.GetGrain<IBuildingGrain>(ids[1]).GetSnapshotAsync())!.Metrics["power_kw"]);
    }

    [Fact]
    public async Task An_idle_entity_named_in_several_places_of_a_batch_gets_all_its_readings_in_one_call()
    {
        var (ingestor, ids) = await CityWithBuildingsAsync(2);
        var now = DateTimeOffset.UtcNow;
        var before = HeldTileCalls.CallsTo(ids[0]);

        await ingestor.IngestAsync(
        [
            new EntityReading(ids[0], "power_kw", 1, now),
            new EntityReading(ids[1], "power_kw", 2, now),
            new EntityReading(ids[0], "indoor_temp_c", 20, now),
        ]);
        await ingestor.FlushAsync(ids[0]);

        Assert.Equal(before + 1, HeldTileCalls.CallsTo(ids[0]));
        var snapshot = await fixture.Client.GetGrain<IBuildingGrain>(ids[0]).GetSnapshotAsync();
        Assert.Equal(new Dictionary<string, double> { ["power_kw"] = 1, ["indoor_temp_c"] = 20 }, snapshot!.Metrics);
    }

    [Fact]
    public async Task Readings_reach_their_tile_as_one_frame_with_each_feature_index()
    {
        var (ingestor, ids) = await CityWithBuildingsAsync(4);
        var (_, _, observer) = await WatchTileOfAsync(ids[0]);
        var now = DateTimeOffset.UtcNow;

        await ingestor.IngestAsync([new EntityReading(ids[3], "indoor_temp_c", 21.5, now), new EntityReading(ids[1], "power_kw", 4, now)]);
        var frame = await observer.NextAsync("frame after a batch");

        var changes = TileFrameCodec.Decode(frame.Payload).Select(c => (c.FeatureIndex, c.MetricIndex, c.Value)).Order();
        Assert.Equal([(1, 0, 4f), (3, 1, 21.5f)], changes);
    }

    [Fact]
    public async Task Concurrent_batches_for_the_same_entities_all_land_in_history_and_the_newest_value_wins()
    {
        var (ingestor, ids) = await CityWithBuildingsAsync(50);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);

        // 40 batches at once, each holding one reading per building: calls to one grain overlap and coalesce.
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(round =>
            ingestor.IngestAsync([.. ids.Select((id, i) => new EntityReading(id, "power_kw", (round * 100) + i, t0.AddSeconds(round)))])));

        Assert.All(results, r => Assert.Equal(50, r.Accepted));
        for (var i = 0; i < ids.Length; i++)
        {
            await ingestor.FlushAsync(ids[i]);
            Assert.Equal((39 * 100) + i, (await fixture.Client.GetGrain<IBuildingGrain>(ids[i]).GetSnapshotAsync())!.Metrics["power_kw"]);
            // Batches race, so an older reading may reach the entity after a newer one: it still takes its place in the history.
            var history = await fixture.Client.GetGrain<IBuildingGrain>(ids[i]).GetHistoryAsync(0, t0.AddMinutes(-1), t0.AddMinutes(1), 100);
            Assert.Equal(Enumerable.Range(0, 40).Select(round => t0.AddSeconds(round)), history.Select(p => p.Time));
            Assert.Equal(Enumerable.Range(0, 40).Select(round => (double)((round * 100) + i)), history.Select(p => p.Value));
        }

        var tile = await TileOfAsync(ids[0]);
        await ingestor.FlushTileAsync(tile); // as the hub does before it sends a snapshot
        var snapshot = TileFrameCodec.Decode((await fixture.Client.GetGrain<ITileGrain>(tile).GetSnapshotAsync()).Payload);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (float)((39 * 100) + i)), snapshot.Where(c => c.MetricIndex == 0).OrderBy(c => c.FeatureIndex).Select(c => c.Value));
    }

    [Fact]
    public async Task Acknowledged_readings_are_live_on_their_tile_at_once_and_reach_their_entity_within_the_longest_interval_unasked()
    {
        var (ingestor, ids) = await CityWithBuildingsAsync(20);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        var interval = fixture.SiloServices.GetRequiredService<IOptions<IngestionOptions>>().Value.EntityInterval;

        // The first batch's entity calls start at once; the next ones find those entities busy or
        // within their interval, so they only queue: acknowledged without waiting for the entities.
        await ingestor.IngestAsync([.. ids.Select(id => new EntityReading(id, "power_kw", 1, t0))]);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var round = 2; round <= 5; round++)
        {
            await ingestor.IngestAsync([.. ids.Select(id => new EntityReading(id, "power_kw", round, t0.AddSeconds(round)))]);
        }

        var acknowledged = clock.Elapsed;
        var tile = await TileOfAsync(ids[0]);
        await ingestor.FlushTileAsync(tile);
        var onTile = clock.Elapsed;
        var live = TileFrameCodec.Decode((await fixture.Client.GetGrain<ITileGrain>(tile).GetSnapshotAsync()).Payload);
        Assert.All(live.Where(c => c.MetricIndex == 0), c => Assert.Equal(5f, c.Value));
        Assert.True(acknowledged < interval, $"four batches took {acknowledged.TotalMilliseconds:0} ms to be acknowledged: they waited for their entities");
        Assert.True(onTile < interval, $"the live values took {onTile.TotalMilliseconds:0} ms to reach their tile: they waited for the entity interval");

        var building = fixture.Client.GetGrain<IBuildingGrain>(ids[7]);
        var longest = fixture.SiloServices.GetRequiredService<IOptions<IngestionOptions>>().Value.EntityMaxInterval; // five readings are fewer than a call waits for
        var deadline = DateTime.UtcNow + longest + TimeSpan.FromSeconds(5);
        while ((await building.GetSnapshotAsync())!.Metrics.GetValueOrDefault("power_kw") != 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(5, (await building.GetSnapshotAsync())!.Metrics["power_kw"]);
        var history = await building.GetHistoryAsync(0, t0.AddMinutes(-1), t0.AddMinutes(1), 100);
        Assert.Equal([1.0, 2, 3, 4, 5], history.Select(p => p.Value));
    }

    [Fact]
    public async Task Readings_for_a_ticking_tile_are_written_into_it_without_a_grain_call()
    {
        var (ingestor, ids) = await CityWithBuildingsAsync(4);
        var (tileId, tile, observer) = await WatchTileOfAsync(ids[0]);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-5);

        // The tile is asleep: the first batch wakes it with a call, and it ticks from then on.
        await ingestor.IngestAsync([new EntityReading(ids[0], "power_kw", 1, t0)]);
        await ingestor.FlushTileAsync(tileId);
        var calls = HeldTileCalls.CallsTo(tileId);
        Assert.True(calls >= 1, "the first batch for a sleeping tile calls it");

        // Within its first tick (the fixture's frames are 500 ms apart), the next batches go straight into it.
        await ingestor.IngestAsync([new EntityReading(ids[1], "power_kw", 2, t0)]);
        await ingestor.IngestAsync([new EntityReading(ids[1], "power_kw", 3, t0.AddSeconds(1)), new EntityReading(ids[2], "indoor_temp_c", 19, t0)]);

        Assert.Equal(0, ingestor.Backlog.LiveValuesQueued);
        var snapshot = TileFrameCodec.Decode((await tile.GetSnapshotAsync()).Payload).Select(c => (c.FeatureIndex, c.MetricIndex, c.Value)).Order();
        Assert.Equal([(0, 0, 1f), (1, 0, 3f), (2, 1, 19f)], snapshot);
        var frame = TileFrameCodec.Decode((await observer.NextAsync("frame of the three batches")).Payload).Select(c => (c.FeatureIndex, c.MetricIndex, c.Value)).Order();
        Assert.Equal([(0, 0, 1f), (1, 0, 3f), (2, 1, 19f)], frame);
        Assert.Equal(calls, HeldTileCalls.CallsTo(tileId));
    }

    [Fact]
    public async Task A_tile_that_fell_quiet_is_woken_by_a_call_and_sends_the_next_reading()
    {
        var (ingestor, ids) = await CityWithBuildingsAsync(3);
        var (tileId, _, observer) = await WatchTileOfAsync(ids[0]);
        var local = fixture.SiloServices.GetRequiredService<Silo.Grains.LocalTiles>();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-5);
        await ingestor.IngestAsync([new EntityReading(ids[0], "power_kw", 1, t0)]);
        await observer.NextAsync("first frame");

        // A tick with nothing to send stops the tile's timer and takes it off the board of ticking tiles.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (local.TryApply(tileId, [], out _) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.False(local.TryApply(tileId, [], out _), "a tile with nothing to send should stop ticking");
        var calls = HeldTileCalls.CallsTo(tileId);
        await ingestor.IngestAsync([new EntityReading(ids[2], "power_kw", 7, t0.AddSeconds(1))]);

        var frame = await observer.NextAsync("frame after the tile woke");
        Assert.Equal([new FeatureChange(2, 0, 7)], TileFrameCodec.Decode(frame.Payload));
        Assert.Equal(calls + 1, HeldTileCalls.CallsTo(tileId));
    }

    [Fact]
    public async Task A_batch_is_acknowledged_while_its_tile_call_is_held_until_the_tiles_fall_far_behind()
    {
        var (_, ids) = await CityWithBuildingsAsync(4);
        var ingestor = ActivatorUtilities.CreateInstance<ReadingIngestor>(fixture.SiloServices); // its own queues, nothing of other tests'
        var tile = await TileOfAsync(ids[0]);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30);
        var batches = Enumerable.Range(0, 3)
            .Select(b => Enumerable.Range(0, IngestionOptions.DefaultMaxBatchSize)
                .Select(n => new EntityReading(ids[n % ids.Length], "power_kw", b, t0.AddMilliseconds((b * IngestionOptions.DefaultMaxBatchSize) + n)))
                .ToArray())
            .ToArray();

        Task beyond;
        using (HeldTileCalls.Hold(tile))
        {
            // The first batch's tile call starts and is held; the next two queue behind it (20,000 readings).
            await ingestor.IngestAsync([new EntityReading(ids[0], "power_kw", -1, t0.AddMinutes(-1))]).WaitAsync(TimeSpan.FromSeconds(10));
            await ingestor.IngestAsync(batches[0]).WaitAsync(TimeSpan.FromSeconds(10));
            await ingestor.IngestAsync(batches[1]).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(2 * IngestionOptions.DefaultMaxBatchSize, ingestor.Backlog.LiveValuesQueued);

            beyond = ingestor.IngestAsync(batches[2]);
            await Task.Delay(300);
            Assert.False(beyond.IsCompleted, $"with {ReadingIngestor.MaxQueuedForTiles:N0} readings waiting for tiles, a batch waits for its tile");
        }

        await beyond.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, ingestor.Backlog.LiveValuesQueued);
        var live = TileFrameCodec.Decode((await fixture.Client.GetGrain<ITileGrain>(tile).GetSnapshotAsync()).Payload);
        Assert.All(live.Where(c => c.MetricIndex == 0), c => Assert.Equal(2f, c.Value));
    }

    [Fact]
    public async Task A_batch_is_acknowledged_before_its_entities_hold_it_until_the_entities_fall_far_behind()
    {
        var (_, ids) = await CityWithBuildingsAsync(2);
        var options = new IngestionOptions { MaxQueuedForEntities = IngestionOptions.DefaultMaxBatchSize };
        var ingestor = ActivatorUtilities.CreateInstance<ReadingIngestor>(fixture.SiloServices, Options.Create(options));
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30);
        EntityReading[] Batch(int b) => [.. Enumerable.Range(0, IngestionOptions.DefaultMaxBatchSize)
            .Select(n => new EntityReading(ids[0], "power_kw", b, t0.AddMilliseconds((b * IngestionOptions.DefaultMaxBatchSize) + n)))];

        Task beyond;
        using (HeldTileCalls.Hold(ids[0]))
        {
            // The first reading's entity call starts and is held; the next batch queues behind it.
            await ingestor.IngestAsync([new EntityReading(ids[0], "power_kw", -1, t0.AddMinutes(-1))]).WaitAsync(TimeSpan.FromSeconds(10));
            await ingestor.IngestAsync(Batch(0)).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(IngestionOptions.DefaultMaxBatchSize, ingestor.Backlog.ReadingsQueued);

            beyond = ingestor.IngestAsync(Batch(1));
            await Task.Delay(300);
            Assert.False(beyond.IsCompleted, $"with {options.MaxQueuedForEntities:N0} readings waiting for entities, a batch waits for its entities");
        }

        await beyond.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, ingestor.Backlog.ReadingsQueued);
        Assert.Equal(1, (await fixture.Client.GetGrain<IBuildingGrain>(ids[0]).GetSnapshotAsync())!.Metrics["power_kw"]);
    }

    [Fact]
    public async Task Under_durable_readings_a_batch_is_acknowledged_only_once_its_entities_hold_it()
    {
        var (_, ids) = await CityWithBuildingsAsync(10);
        var durable = ActivatorUtilities.CreateInstance<ReadingIngestor>(fixture.SiloServices, Options.Create(new TwinCitySiloOptions { DurableReadings = true }));
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);

        for (var round = 1; round <= 3; round++)
        {
            await durable.IngestAsync([.. ids.Select(id => new EntityReading(id, "power_kw", round, t0.AddSeconds(round)))]);
            foreach (var id in ids)
            {
                Assert.Equal(round, (await fixture.Client.GetGrain<IBuildingGrain>(id).GetSnapshotAsync())!.Metrics["power_kw"]);
            }
        }
    }

    /// <summary>The tile of building <paramref name="id"/>, with an observer subscribed to its frames.</summary>
    private async Task<(string TileId, ITileGrain Tile, RecordingTileObserver Observer)> WatchTileOfAsync(string id)
    {
        var tileId = await TileOfAsync(id);
        var tile = fixture.Client.GetGrain<ITileGrain>(tileId);
        var observer = new RecordingTileObserver();
        await tile.SubscribeAsync(fixture.Client.CreateObjectReference<ITileObserver>(observer));
        return (tileId, tile, observer);
    }

    private async Task<string> TileOfAsync(string id) => (await fixture.Client.GetGrain<IBuildingGrain>(id).GetSnapshotAsync())!.Info.TileId;

    private async Task<(ReadingIngestor Ingestor, string[] Ids)> CityWithBuildingsAsync(int count) =>
        (fixture.SiloServices.GetRequiredService<ReadingIngestor>(), await TestCity.CreateAsync(fixture, count));
}
