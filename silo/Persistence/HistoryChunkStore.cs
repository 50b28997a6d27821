using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using TwinCity.Models.Storage;
using TwinCity.Silo.Grains;

namespace TwinCity.Silo.Persistence;

/// <summary>
/// Metric history in the blob store (DESIGN §5), as a ring of chunks: the points of one entity's metric
/// are cut into chunks of <see cref="ChunkPoints"/> by absolute index, and chunk <c>k</c> lives in slot
/// <c>k mod Slots</c>, so storage stays bounded like the in-memory ring; only chunks a sensor's retention
/// has expired are deleted (<see cref="DeleteIfOlderAsync"/>).
/// A chunk records its own index: a slot that holds another chunk (older, or written under another
/// capacity) reads as missing.
/// </summary>
/// <remarks>
/// Blob names are <c>history/&lt;shard&gt;/&lt;entity id&gt;/&lt;metric&gt;-&lt;slot&gt;</c>, the id escaped by
/// <see cref="BlobName.Segment"/>. Format, little-endian: "TCH1", chunk index (int64), absolute index of
/// the first point (int64), point count (int32), then per point UTC ticks (int64) and value (float32).
/// </remarks>
public sealed partial class HistoryChunkStore(IConditionalBlobStore store, int capacity, ILogger<HistoryChunkStore> logger)
{
    /// <summary>Points per chunk: 256 points are 3 KB, one write per flush for an entity reporting every few seconds.</summary>
    public const int ChunkPoints = 256;

    private const int HeaderBytes = 4 + 8 + 8 + 4;
    private const int PointBytes = 8 + 4;
    private static ReadOnlySpan<byte> Magic => "TCH1"u8;

    /// <summary>Slots per metric: enough chunks to hold the capacity, plus the one being filled.</summary>
    public int Slots { get; } = ((capacity + ChunkPoints - 1) / ChunkPoints) + 1;

    /// <summary>The blob name of a chunk.</summary>
    public string NameOf(string entityId, int metricIndex, long chunk)
    {
        var shard = (Fnv1a(entityId) & 0xff).ToString("x2", System.Globalization.CultureInfo.InvariantCulture);
        return $"history/{shard}/{BlobName.Segment(entityId)}/{metricIndex}-{chunk % Slots}";
    }

    /// <summary>Writes chunk <paramref name="chunk"/>, whose first point has absolute index <paramref name="start"/>.</summary>
    public Task WriteAsync(string entityId, int metricIndex, long chunk, long start, IReadOnlyList<StoredPoint> points, CancellationToken cancellationToken = default)
    {
        var bytes = new byte[HeaderBytes + (points.Count * PointBytes)];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(4), chunk);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(12), start);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(20), points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            var at = HeaderBytes + (i * PointBytes);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), points[i].Ticks);
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at + 8), points[i].Value);
        }

        // Rewritten at every flush while it fills: a versioned write, in place in the folder store.
        return store.WriteVersionAsync(NameOf(entityId, metricIndex, chunk), bytes, cancellationToken);
    }

    /// <summary>
    /// Reads chunk <paramref name="chunk"/>: the absolute index of its first point and its points, or
    /// null when the slot is empty, holds another chunk, or cannot be read (logged, never thrown: a
    /// damaged chart must not stop an entity from taking readings).
    /// </summary>
    public async Task<(long Start, List<StoredPoint> Points)?> ReadAsync(string entityId, int metricIndex, long chunk, CancellationToken cancellationToken = default)
    {
        var name = NameOf(entityId, metricIndex, chunk);
        VersionedBlob? blob;
        try
        {
            blob = await store.ReadVersionedAsync(name, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            LogDamaged(name, ex.Message);
            return null;
        }

        if (blob is null)
        {
            return null;
        }

        var bytes = blob.Content.AsSpan();
        if (bytes.Length < HeaderBytes || !bytes[..4].SequenceEqual(Magic))
        {
            LogDamaged(name, "no TCH1 header");
            return null;
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[20..]);
        if (count is < 0 or > ChunkPoints || bytes.Length != HeaderBytes + (count * PointBytes))
        {
            LogDamaged(name, $"{bytes.Length} bytes do not hold the {count} points the header announces");
            return null;
        }

        if (BinaryPrimitives.ReadInt64LittleEndian(bytes[4..]) != chunk)
        {
            return null; // the slot has moved on to another chunk
        }

        var start = BinaryPrimitives.ReadInt64LittleEndian(bytes[12..]);
        var points = new List<StoredPoint>(count);
        for (var i = 0; i < count; i++)
        {
            var at = HeaderBytes + (i * PointBytes);
            points.Add(new StoredPoint(BinaryPrimitives.ReadInt64LittleEndian(bytes[at..]), BinaryPrimitives.ReadSingleLittleEndian(bytes[(at + 8)..])));
        }

        return (start, points);
    }

    /// <summary>
    /// Deletes chunk <paramref name="chunk"/> when every point it holds is older than <paramref name="cutoffTicks"/>
    /// (a sensor's retention): true when it did or the chunk is not stored, false when it holds a newer point
    /// (then the chunks after it do too). A slot that moved on to another chunk is left alone.
    /// </summary>
    public async Task<bool> DeleteIfOlderAsync(string entityId, int metricIndex, long chunk, long cutoffTicks, CancellationToken cancellationToken = default)
    {
        var name = NameOf(entityId, metricIndex, chunk);
        var blob = await store.ReadVersionedAsync(name, cancellationToken);
        if (blob is null || blob.Content.Length < HeaderBytes || BinaryPrimitives.ReadInt64LittleEndian(blob.Content.AsSpan(4)) != chunk)
        {
            return true;
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(blob.Content.AsSpan(20));
        var newest = count > 0 && blob.Content.Length >= HeaderBytes + (count * PointBytes)
            ? BinaryPrimitives.ReadInt64LittleEndian(blob.Content.AsSpan(HeaderBytes + ((count - 1) * PointBytes)))
            : long.MinValue;
        if (newest >= cutoffTicks)
        {
            return false;
        }

        try
        {
            await store.DeleteIfMatchAsync(name, blob.ETag, cancellationToken);
        }
        catch (BlobConflictException)
        {
            // Written meanwhile (the slot took a newer chunk): it is not this one any more.
        }

        return true;
    }

    // Stable across processes (string.GetHashCode is randomised per process).
    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "History chunk {Name} is damaged ({Reason}); its points are left out")]
    private partial void LogDamaged(string name, string reason);
}
