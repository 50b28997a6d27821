using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using TwinCity.Importers.Errors;

namespace TwinCity.Importers.Osm;

/// <summary>
/// Splits a PBF file into its blocks ([4-byte big-endian length][BlobHeader][Blob]) and inflates
/// them. Every size read from the file is checked against the format's limits before anything is
/// allocated, so a hostile header cannot make us allocate gigabytes; every failure is an
/// <see cref="ImportException"/> naming the file, the block and its byte offset.
/// </summary>
internal sealed class PbfBlobReader(Stream stream, string file)
{
    /// <summary>The format's limit for a BlobHeader.</summary>
    public const int MaxHeaderSize = 64 * 1024;

    /// <summary>The format's limit for a Blob, and for a block once inflated.</summary>
    public const int MaxBlobSize = 32 * 1024 * 1024;

    // Reused from block to block: a file is a few hundred blocks of up to 32 MiB, so allocating
    // each one anew would churn the large object heap for nothing.
    private byte[] _header = [];
    private byte[] _blob = [];
    private byte[] _inflated = [];
    private long _offset;
    private int _index;

    /// <summary>Number of blocks read so far.</summary>
    public int Count => _index;

    /// <summary>Reads the next block, or null at a clean end of file. The block's data is valid until the next call.</summary>
    public PbfBlock? ReadNext()
    {
        var start = _offset;
        Span<byte> lengthBytes = stackalloc byte[4];
        var got = ReadFully(lengthBytes);
        if (got == 0)
        {
            return null;
        }

        if (got < 4)
        {
            throw Error(start, $"file ends at byte {_offset}, inside the 4-byte length of a blob header; the file is truncated");
        }

        var headerLength = BinaryPrimitives.ReadInt32BigEndian(lengthBytes);
        if (headerLength is <= 0 or > MaxHeaderSize)
        {
            throw Error(start, $"blob header length {headerLength} is outside 1..{MaxHeaderSize} bytes; this is not an OpenStreetMap PBF file, or it is corrupt");
        }

        if (_header.Length < headerLength)
        {
            _header = new byte[headerLength];
        }

        var header = _header.AsSpan(0, headerLength);
        ReadExactly(header, start, "blob header");
        var (type, dataSize) = ParseHeader(header, start);
        if (dataSize is <= 0 or > MaxBlobSize)
        {
            throw Error(start, $"blob header declares a data size of {dataSize} bytes for the {type} blob, outside 1..{MaxBlobSize} bytes (32 MiB)");
        }

        if (_blob.Length < dataSize)
        {
            _blob = new byte[dataSize];
        }

        ReadExactly(_blob.AsSpan(0, (int)dataSize), start, $"{type} blob");
        // Inflate reads the zlib stream straight out of _blob, where this slice starts at 0.
        var data = Inflate(_blob.AsMemory(0, (int)dataSize), start);
        return new PbfBlock(type, data, _index++, start);
    }

    private (string Type, long DataSize) ParseHeader(ReadOnlySpan<byte> header, long start)
    {
        try
        {
            var reader = new ProtoReader(header);
            string? type = null;
            long dataSize = -1;
            while (reader.TryReadKey(out var field, out var wire))
            {
                switch (field)
                {
                    case 1:
                        ProtoReader.Expect(field, wire, ProtoWireType.LengthDelimited);
                        type = Encoding.UTF8.GetString(reader.ReadBytes());
                        break;
                    case 3:
                        ProtoReader.Expect(field, wire, ProtoWireType.Varint);
                        dataSize = reader.ReadInt64();
                        break;
                    default:
                        reader.Skip(wire);
                        break;
                }
            }

            if (string.IsNullOrEmpty(type))
            {
                throw new InvalidDataException("blob header has no type");
            }

            return dataSize < 0 ? throw new InvalidDataException($"blob header of the {type} blob has no data size") : (type, dataSize);
        }
        catch (InvalidDataException ex)
        {
            throw Error(start, $"{ex.Message} (blob header); this is not an OpenStreetMap PBF file, or it is corrupt");
        }
    }

    private ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> blob, long start)
    {
        var raw = (Start: 0, Length: -1);
        var zlib = (Start: 0, Length: -1);
        long rawSize = -1;
        try
        {
            var span = blob.Span;
            var reader = new ProtoReader(span);
            while (reader.TryReadKey(out var field, out var wire))
            {
                switch (field)
                {
                    case 1:
                        ProtoReader.Expect(field, wire, ProtoWireType.LengthDelimited);
                        raw = Locate(span, reader.ReadBytes());
                        break;
                    case 2:
                        ProtoReader.Expect(field, wire, ProtoWireType.Varint);
                        rawSize = reader.ReadInt64();
                        break;
                    case 3:
                        ProtoReader.Expect(field, wire, ProtoWireType.LengthDelimited);
                        zlib = Locate(span, reader.ReadBytes());
                        break;
                    case 4 or 5 or 6 or 7:
                        var name = field switch { 4 => "lzma", 5 => "bzip2", 6 => "lz4", _ => "zstd" };
                        throw new InvalidDataException($"unsupported compression: the blob is {name}-compressed; this reader reads raw and zlib blobs only (re-encode with: osmium cat -o out.osm.pbf in.osm.pbf)");
                    default:
                        reader.Skip(wire);
                        break;
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw Error(start, ex.Message);
        }

        if (raw.Length >= 0)
        {
            return blob.Slice(raw.Start, raw.Length);
        }

        if (zlib.Length < 0)
        {
            throw Error(start, "blob holds no data (neither raw nor zlib_data)");
        }

        if (rawSize is <= 0 or > MaxBlobSize)
        {
            throw Error(start, $"blob declares an inflated size (raw_size) of {rawSize} bytes, outside 1..{MaxBlobSize} bytes (32 MiB)");
        }

        if (_inflated.Length < rawSize)
        {
            _inflated = new byte[rawSize];
        }

        var output = _inflated.AsMemory(0, (int)rawSize);
        var total = 0;
        try
        {
            using var input = new MemoryStream(_blob, zlib.Start, zlib.Length, writable: false);
            using var inflater = new ZLibStream(input, CompressionMode.Decompress);
            int read;
            while (total < output.Length && (read = inflater.Read(output.Span[total..])) > 0)
            {
                total += read;
            }

            if (total == output.Length && inflater.ReadByte() != -1)
            {
                throw Error(start, $"zlib data is corrupt: it inflates to more than the {rawSize} bytes the blob declares (raw_size)");
            }
        }
        catch (InvalidDataException ex)
        {
            // .NET words every bad deflate stream as "unsupported compression method"; say what we know instead.
            throw Error(start, $"zlib data is corrupt: inflating it failed after {total} of the {rawSize} bytes the blob declares ({ex.Message})");
        }

        if (total != output.Length)
        {
            throw Error(start, $"zlib data is truncated or corrupt: it inflates to {total} bytes, but the blob declares {rawSize} (raw_size)");
        }

        return output;
    }

    /// <summary>Where <paramref name="part"/> (a slice the reader returned) lies in <paramref name="whole"/>.</summary>
    private static (int Start, int Length) Locate(ReadOnlySpan<byte> whole, ReadOnlySpan<byte> part)
    {
        // An empty slice may point anywhere; its position does not matter.
        if (part.IsEmpty || !whole.Overlaps(part, out var start))
        {
            return (0, 0);
        }

        return (start, part.Length);
    }

    private void ReadExactly(Span<byte> buffer, long start, string what)
    {
        var got = ReadFully(buffer);
        if (got != buffer.Length)
        {
            throw Error(start, $"file ends at byte {_offset}, inside the {what} ({buffer.Length} bytes declared, {got} present); the file is truncated");
        }
    }

    private int ReadFully(Span<byte> buffer)
    {
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer[total..])) > 0)
        {
            total += read;
        }

        _offset += total;
        return total;
    }

    private ImportException Error(long start, string reason) => new($"{file} block {_index} at byte {start}: {reason}");
}
