using TwinCity.Models.Frames;
using TwinCity.Models.Grains;

namespace TwinCity.Silo.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class TileGrainTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Many_changes_within_a_tick_go_out_as_one_frame_with_the_latest_values()
    {
        var (tile, observer) = await NewSubscribedTileAsync(featureCount: 200);

        // Five calls, each touching every feature; only the last value per feature must go out.
        for (var round = 0; round < 5; round++)
        {
            var at = T0.AddSeconds(round);
            await tile.ApplyReadingsAsync([.. Enumerable.Range(0, 200).Select(f => new FeatureReading(f, 0, (round * 1000) + f, at))]);
        }

        var frame = await observer.NextAsync("one coalesced frame");

        var changes = TileFrameCodec.Decode(frame.Payload);
        Assert.Equal(1, frame.Sequence);
        Assert.Equal(200, changes.Count);
        Assert.All(changes, c => Assert.Equal(4000 + c.FeatureIndex, c.Value));
        Assert.False(observer.HasPending);
    }

    [Fact]
    public async Task Next_frame_carries_only_changes_made_after_the_previous_frame()
    {
        var (tile, observer) = await NewSubscribedTileAsync(featureCount: 10);
        await tile.ApplyReadingsAsync([new FeatureReading(1, 0, 5, T0)]);
        await observer.NextAsync("first frame");

        await tile.ApplyReadingsAsync([new FeatureReading(7, 1, 8, T0)]);
        var second = await observer.NextAsync("second frame");

        Assert.Equal(2, second.Sequence);
        Assert.Equal([new FeatureChange(7, 1, 8)], TileFrameCodec.Decode(second.Payload));
    }

    [Fact]
    public async Task Snapshot_holds_every_known_value_and_the_last_sequence()
    {
        var (tile, observer) = await NewSubscribedTileAsync(featureCount: 4);
        await tile.ApplyReadingsAsync([new FeatureReading(0, 0, 1, T0), new FeatureReading(2, 1, 3, T0)]);
        var frame = await observer.NextAsync("frame before snapshot");

        var snapshot = await tile.GetSnapshotAsync();

        Assert.True(snapshot.IsSnapshot);
        Assert.Equal(frame.Sequence, snapshot.Sequence);
        Assert.Equal([new FeatureChange(0, 0, 1), new FeatureChange(2, 1, 3)], TileFrameCodec.Decode(snapshot.Payload));
    }

    [Fact]
    public async Task Changes_nobody_watched_are_in_the_first_subscribers_snapshot_and_not_in_its_frames()
    {
        var tile = fixture.Client.GetGrain<ITileGrain>("t-" + Guid.NewGuid().ToString("N"));
        await tile.InitializeAsync([.. Enumerable.Range(0, 4).Select(i => $"osm:way/{i}")], 2);
        await tile.ApplyReadingsAsync([new FeatureReading(0, 0, 1, T0), new FeatureReading(3, 1, 2, T0)]);
        await Task.Delay(ClusterFixture.FrameInterval * 2.5); // two frame ticks or more with nobody to send to

        var observer = new RecordingTileObserver();
        await tile.SubscribeAsync(fixture.Client.CreateObjectReference<ITileObserver>(observer));
        var snapshot = await tile.GetSnapshotAsync();
        await tile.ApplyReadingsAsync([new FeatureReading(2, 0, 5, T0)]);
        var frame = await observer.NextAsync("the first frame after subscribing");

        Assert.Equal([new FeatureChange(0, 0, 1), new FeatureChange(3, 1, 2)], TileFrameCodec.Decode(snapshot.Payload));
        Assert.Equal([new FeatureChange(2, 0, 5)], TileFrameCodec.Decode(frame.Payload));
        Assert.Equal(snapshot.Sequence + 1, frame.Sequence);
    }

    [Fact]
    public async Task Reading_for_a_feature_outside_the_tile_is_ignored()
    {
        var (tile, observer) = await NewSubscribedTileAsync(featureCount: 2);

        await tile.ApplyReadingsAsync([new FeatureReading(2, 0, 1, T0), new FeatureReading(0, 9, 1, T0), new FeatureReading(1, 0, 4, T0)]);
        var frame = await observer.NextAsync("frame with the one valid change");

        Assert.Equal([new FeatureChange(1, 0, 4)], TileFrameCodec.Decode(frame.Payload));
    }

    [Fact]
    public async Task Feature_index_maps_back_to_the_entity_id()
    {
        var tile = fixture.Client.GetGrain<ITileGrain>("t-" + Guid.NewGuid().ToString("N"));
        await tile.InitializeAsync(["osm:way/1", "osm:relation/2"], 2);

        Assert.Equal("osm:relation/2", await tile.GetFeatureIdAsync(1));
        Assert.Null(await tile.GetFeatureIdAsync(2));
        Assert.Null(await tile.GetFeatureIdAsync(-1));
    }

    [Fact]
    public async Task Tiles_that_start_ticking_at_different_moments_send_their_frames_on_the_same_clock()
    {
        var (first, firstObserver) = await NewSubscribedTileAsync(featureCount: 2);
        var (second, secondObserver) = await NewSubscribedTileAsync(featureCount: 2);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var period = ClusterFixture.FrameInterval.TotalMilliseconds;

        var firstFrame = firstObserver.NextAsync("first tile's frame").ContinueWith(_ => clock.Elapsed.TotalMilliseconds, TaskScheduler.Default);
        var secondFrame = secondObserver.NextAsync("second tile's frame").ContinueWith(_ => clock.Elapsed.TotalMilliseconds, TaskScheduler.Default);
        await first.ApplyReadingsAsync([new FeatureReading(0, 0, 1, T0)]);
        await Task.Delay(TimeSpan.FromMilliseconds(period / 2));
        await second.ApplyReadingsAsync([new FeatureReading(1, 0, 2, T0)]);

        // Each tile's own period from its first reading would put the frames half a period apart.
        var apart = (await secondFrame - await firstFrame) % period;
        var offClock = Math.Min(Math.Abs(apart), period - Math.Abs(apart));
        Assert.True(offClock < period / 4, $"frames {apart:0} ms apart modulo the {period:0} ms frame interval: the tiles tick on their own clocks");
    }

    private async Task<(ITileGrain Tile, RecordingTileObserver Observer)> NewSubscribedTileAsync(int featureCount)
    {
        var tile = fixture.Client.GetGrain<ITileGrain>("t-" + Guid.NewGuid().ToString("N"));
        await tile.InitializeAsync([.. Enumerable.Range(0, featureCount).Select(i => $"osm:way/{i}")], 2);
        var observer = new RecordingTileObserver();
        await tile.SubscribeAsync(fixture.Client.CreateObjectReference<ITileObserver>(observer));
        return (tile, observer);
    }
}
