using System.Buffers.Binary;

namespace TwinCity.Models.Frames;

/// <summary>
/// The compact binary body of a <see cref="TileFrame"/>, little-endian, every field 4-byte aligned
/// so a browser can read it with typed arrays:
/// <code>
/// u8 version (=1) | u8 reserved | u16 metricCount
/// per metric: u16 metricIndex | u16 reserved | u32 count | u32 featureIndex[count] | f32 value[count]
/// </code>
/// Grouping by metric keeps the feature indexes of one metric contiguous, which is what a
/// viewer colouring by one metric reads.
/// </summary>
public static class TileFrameCodec
{
    /// <summary>The only version this codec writes and reads.</summary>
    public const byte Version = 1;

    /// <summary>Encodes changes; when a feature/metric pair repeats, the last value wins.</summary>
    public static byte[] Encode(IEnumerable<FeatureChange> changes)
    {
        var byMetric = new SortedDictionary<int, Dictionary<int, float>>();
        foreach (var change in changes)
        {
            if (!byMetric.TryGetValue(change.MetricIndex, out var values))
            {
                values = [];
                byMetric[change.MetricIndex] = values;
            }

            values[change.FeatureIndex] = change.Value;
        }

        var size = 4 + byMetric.Values.Sum(v => 8 + (8 * v.Count));
        var buffer = new byte[size];
        buffer[0] = Version;
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(2), checked((ushort)byMetric.Count));
        var offset = 4;
        foreach (var (metric, values) in byMetric)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(offset), checked((ushort)metric));
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(offset + 4), (uint)values.Count);
            offset += 8;
            var valueOffset = offset + (4 * values.Count);
            foreach (var (feature, value) in values.OrderBy(p => p.Key))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(offset), (uint)feature);
                BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(valueOffset), value);
                offset += 4;
                valueOffset += 4;
            }

            offset = valueOffset;
        }

        return buffer;
    }

    /// <summary>Decodes a payload back into changes, in metric then feature order.</summary>
    /// <exception cref="FormatException">The payload is truncated or of another version.</exception>
    public static IReadOnlyList<FeatureChange> Decode(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 4 || payload[0] != Version)
        {
            throw new FormatException($"TileFrameCodec: expected a version {Version} header, found {payload.Length} bytes starting with {(payload.Length > 0 ? payload[0] : -1)}");
        }

        var metricCount = BinaryPrimitives.ReadUInt16LittleEndian(payload[2..]);
        var changes = new List<FeatureChange>();
        var offset = 4;
        for (var m = 0; m < metricCount; m++)
        {
            if (payload.Length < offset + 8)
            {
                throw new FormatException($"TileFrameCodec: metric block {m} header truncated at byte {offset}");
            }

            int metric = BinaryPrimitives.ReadUInt16LittleEndian(payload[offset..]);
            var count = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload[(offset + 4)..]);
            offset += 8;
            if (count < 0 || payload.Length < offset + (8L * count))
            {
                throw new FormatException($"TileFrameCodec: metric block {m} says {count} values, only {payload.Length - offset} bytes left");
            }

            var valueOffset = offset + (4 * count);
            for (var i = 0; i < count; i++)
            {
                var feature = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload[(offset + (4 * i))..]);
                var value = BinaryPrimitives.ReadSingleLittleEndian(payload[(valueOffset + (4 * i))..]);
                changes.Add(new FeatureChange(feature, metric, value));
            }

            offset = valueOffset + (4 * count);
        }

        return changes;
    }
}
