using System.Text;

namespace TwinCity.Importers.Osm;

/// <summary>
/// A block's string table as positions into the block: tags are compared as bytes, and only the
/// strings a building keeps become .NET strings (once per block each), so the tags of the many ways
/// that are not buildings cost no allocation. Reused from block to block.
/// </summary>
internal sealed class StringTable
{
    private ReadOnlyMemory<byte> _block;
    private int[] _starts = new int[256];
    private int[] _lengths = new int[256];
    private string?[] _strings = new string?[256];

    /// <summary>Number of strings in the current block's table.</summary>
    public int Count { get; private set; }

    /// <summary>Starts a block with no strings (a block without a table is legal when it uses none).</summary>
    public void Reset(ReadOnlyMemory<byte> block)
    {
        Array.Clear(_strings, 0, Count);
        _block = block;
        Count = 0;
    }

    /// <summary>Reads the StringTable message <paramref name="table"/>, a slice of the current block.</summary>
    public void Load(ReadOnlySpan<byte> table)
    {
        var block = _block.Span;
        var reader = new ProtoReader(table);
        while (reader.TryReadKey(out var field, out var wire))
        {
            if (field != 1)
            {
                reader.Skip(wire);
                continue;
            }

            ProtoReader.Expect(field, wire, ProtoWireType.LengthDelimited);
            var entry = reader.ReadBytes();
            if (Count == _starts.Length)
            {
                Array.Resize(ref _starts, Count * 2);
                Array.Resize(ref _lengths, Count * 2);
                Array.Resize(ref _strings, Count * 2);
            }

            // An empty entry (string 0 is always "") may point anywhere; keep it at 0.
            _starts[Count] = entry.IsEmpty || !block.Overlaps(entry, out var start) ? 0 : start;
            _lengths[Count] = entry.Length;
            Count++;
        }
    }

    /// <summary>Fails unless <paramref name="index"/> names a string of the table (<paramref name="kind"/> <paramref name="id"/> refers to it).</summary>
    public void Check(long index, string kind, long id)
    {
        if ((ulong)index >= (ulong)Count)
        {
            throw new InvalidDataException($"{kind} {id} refers to string {index}, but the block's string table has {Count} strings");
        }
    }

    /// <summary>The UTF-8 bytes of string <paramref name="index"/> (checked).</summary>
    public ReadOnlySpan<byte> Bytes(long index, string kind, long id)
    {
        Check(index, kind, id);
        return _block.Span.Slice(_starts[index], _lengths[index]);
    }

    /// <summary>String <paramref name="index"/> (checked), decoded once per block.</summary>
    public string Text(long index, string kind, long id)
    {
        Check(index, kind, id);
        return _strings[index] ??= Encoding.UTF8.GetString(_block.Span.Slice(_starts[index], _lengths[index]));
    }
}
