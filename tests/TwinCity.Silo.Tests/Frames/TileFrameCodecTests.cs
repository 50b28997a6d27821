using TwinCity.Models.Frames;

namespace TwinCity.Silo.Tests.Frames;

public sealed class TileFrameCodecTests
{
    [Fact]
    public void Changes_round_trip_grouped_by_metric_with_the_last_value_winning()
    {
        FeatureChange[] changes = [new(5, 1, 2.5f), new(0, 0, 1f), new(5, 1, 3.5f), new(65_600, 0, -7f)];

        var decoded = TileFrameCodec.Decode(TileFrameCodec.Encode(changes));

        Assert.Equal([new(0, 0, 1f), new(65_600, 0, -7f), new(5, 1, 3.5f)], decoded);
    }

    [Fact]
    public void Payload_size_is_eight_bytes_per_change_plus_headers()
    {
        var payload = TileFrameCodec.Encode(Enumerable.Range(0, 1000).Select(i => new FeatureChange(i, 0, i)));

        Assert.Equal(4 + 8 + (1000 * 8), payload.Length);
    }

    [Fact]
    public void Truncated_payload_is_rejected_with_where_it_ends()
    {
        var payload = TileFrameCodec.Encode([new FeatureChange(1, 0, 1), new FeatureChange(2, 0, 2)]);

        var error = Assert.Throws<FormatException>(() => TileFrameCodec.Decode(payload.AsSpan(0, payload.Length - 3)));

        Assert.Contains("metric block 0", error.Message);
    }

    [Fact]
    public void Payload_of_another_version_is_rejected()
    {
        var error = Assert.Throws<FormatException>(() => TileFrameCodec.Decode(new byte[] { 9, 0, 0, 0 }));

        Assert.Contains("version 1", error.Message);
    }
}
