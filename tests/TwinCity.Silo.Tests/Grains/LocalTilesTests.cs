using TwinCity.Models.Frames;
using TwinCity.Silo.Grains;

namespace TwinCity.Silo.Tests.Grains;

public sealed class LocalTilesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Readings_for_a_tile_that_is_not_open_are_left_to_the_grain_call()
    {
        var tiles = new LocalTiles();

        Assert.False(tiles.TryApply("t1", [new FeatureReading(0, 0, 1, T0)], out _));
    }

    [Fact]
    public void An_open_tile_takes_readings_and_counts_those_for_features_it_does_not_have()
    {
        var tiles = new LocalTiles();
        var tile = new LiveTile(new TileValues(featureCount: 2, metricCount: 1));
        lock (tile)
        {
            tiles.Open("t1", tile);
        }

        Assert.True(tiles.TryApply("t1", [new FeatureReading(1, 0, 5, T0), new FeatureReading(2, 0, 6, T0), new FeatureReading(0, 3, 7, T0)], out var ignored));

        Assert.Equal(2, ignored);
        Assert.Equal([new FeatureChange(1, 0, 5)], tile.Values.TakePending());
    }

    [Fact]
    public void A_closed_tile_takes_nothing_even_when_reopened_under_a_new_instance_later()
    {
        var tiles = new LocalTiles();
        var old = new LiveTile(new TileValues(2, 1));
        lock (old)
        {
            tiles.Open("t1", old);
            tiles.Close("t1", old);
        }

        Assert.False(tiles.TryApply("t1", [new FeatureReading(0, 0, 1, T0)], out _));
        Assert.False(old.Values.HasPending);

        // A tile re-initialised for a new city opens fresh values; closing the old ones again must not remove them.
        var fresh = new LiveTile(new TileValues(3, 1));
        lock (fresh)
        {
            tiles.Open("t1", fresh);
        }

        lock (old)
        {
            tiles.Close("t1", old);
        }

        Assert.True(tiles.TryApply("t1", [new FeatureReading(2, 0, 9, T0)], out _));
        Assert.Equal([new FeatureChange(2, 0, 9)], fresh.Values.TakePending());
    }
}
