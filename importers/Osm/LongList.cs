namespace TwinCity.Importers.Osm;

/// <summary>
/// A growable buffer of longs that is cleared and reused for every way and relation, so decoding a
/// block allocates nothing per element once the buffers have grown to the largest one seen.
/// </summary>
internal sealed class LongList
{
    private long[] _items = new long[64];

    /// <summary>Number of values held.</summary>
    public int Count { get; private set; }

    /// <summary>The values held; valid until the next <see cref="Add"/> or <see cref="Clear"/>.</summary>
    public Span<long> Span => _items.AsSpan(0, Count);

    /// <summary>The value at <paramref name="index"/> (no bounds check beyond the array's own).</summary>
    public long this[int index] => _items[index];

    public void Clear() => Count = 0;

    public void Add(long value)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = value;
    }

    /// <summary>Appends a protobuf repeated scalar, packed (one length-delimited run) or not (one varint).</summary>
    public void AddRepeated(ref ProtoReader reader, int field, ProtoWireType wire, bool signed)
    {
        if (wire == ProtoWireType.Varint)
        {
            Add(signed ? reader.ReadSignedVarint() : reader.ReadInt64());
            return;
        }

        ProtoReader.Expect(field, wire, ProtoWireType.LengthDelimited);
        var packed = new ProtoReader(reader.ReadBytes());
        while (packed.HasMore)
        {
            Add(signed ? packed.ReadSignedVarint() : packed.ReadInt64());
        }
    }

    /// <summary>Turns delta-coded values (each relative to the one before) into absolute ones, in place.</summary>
    public void UndoDeltas()
    {
        long current = 0;
        var items = Span;
        for (var i = 0; i < items.Length; i++)
        {
            current += items[i];
            items[i] = current;
        }
    }
}
