using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace TwinCity.Importers.Osm;

/// <summary>
/// Splits a PBF file into its blobs and decompresses them. Every size read from the file is checked
/// against the format's limits before anything is allocated, so a hostile header cannot make us
/// allocate gigabytes; every failure names the file, the blob and its byte offset.
/// </summary>
internal sealed class PbfBlobReader(Stream stream, string file)
{
    /// <summary>The format's own limit for a BlobHeader.</summary>
    public const int MaxHeaderSize = 64 * 1024;

    /// <summary>The format's own limit for a Blob, compressed or not.</summary>
    public const int MaxBlobSize = 32 * 1024 * 1024;

    private long _offset;
    private int _index;

    /// <summary>Reads the next blob, or null at a clean end of file.</summary>
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
            throw Error(start, "file ends inside a blob header length (truncated file?)");
        }

        var headerLength = BinaryPrimitives.ReadInt32BigEndian(lengthBytes);
        if (headerLength is <= 0 or > MaxHeaderSize)
        {
            throw Error(start, $"blob header length {headerLength} is outside 1..{MaxHeaderSize} bytes (not a PBF file, or corrupted)");
        }

        var header = ReadExactly(headerLength, start, "blob header");
        var (type, dataSize) = ParseHeader(header, start);
        if (dataSize is <= 0 or > MaxBlobSize)
        {
            throw Error(start, $"blob size {dataSize} is outside 1..{MaxBlobSize} bytes");
        }

        var blob = ReadExactly((int)dataSize, start, $"{type} blob");
        var data = Decompress(blob, start);
        return new PbfBlock(type, data, _index++, start);
    }

    private (string Type, long DataSize) ParseHeader(byte[] header, long start)
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

            return (type ?? throw new InvalidDataException("blob header has no type"), dataSize);
        }
        catch (InvalidDataException ex)
        {
            throw Error(start, ex.Message);
        }
    }

    private byte[] Decompress(byte[] blob, long start)
    {
        ReadOnlySpan<byte> raw = default;
        ReadOnlySpan<byte> zlib = default;
        long rawSize = -1;
        try
        {
            var reader = new ProtoReader(blob);
            while (reader.TryReadKey(out var field, out var wire))
            {
                switch (field)
                {
                    case 1:
                        ProtoReader.Expect(field, wire, ProtoWireType.LengthDelimited);
                        raw = reader.ReadBytes();
                        break;
                    case 2:
                        ProtoReader.Expect(field, wire, ProtoWireType.Varint);
                        rawSize = reader.ReadInt64();
                        break;
                    case 3:
                        ProtoReader.Expect(field, wire, ProtoWireType.LengthDelimited);
                        zlib = reader.ReadBytes();
                        break;
                    case 4 or 5 or 6 or 7:
                        var name = field switch { 4 => "lzma", 5 => "bzip2", 6 => "lz4", _ => "zstd" };
                        throw new InvalidDataException($"{name} compression is not supported; re-encode with zlib (osmium cat -o out.osm.pbf in.osm.pbf)");
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

        if (!raw.IsEmpty)
        {
            return raw.ToArray();
        }

        if (rawSize is <= 0 or > MaxBlobSize)
        {
            throw Error(start, $"uncompressed size {rawSize} is outside 1..{MaxBlobSize} bytes");
        }

        var output = new byte[rawSize];
        try
        {
            using var input = new MemoryStream(zlib.ToArray(), writable: false);
            using var inflater = new ZLibStream(input, CompressionMode.Decompress);
            var total = 0;
            int read;
            while (total < output.Length && (read = inflater.Read(output, total, output.Length - total)) > 0)
            {
                total += read;
            }

            if (total != output.Length || inflater.ReadByte() != -1)
            {
                throw new InvalidDataException($"zlib data inflates to a size other than the {rawSize} bytes the blob declares");
            }
        }
        catch (InvalidDataException ex)
        {
            throw Error(start, ex.Message.StartsWith("zlib", StringComparison.Ordinal) ? ex.Message : $"zlib data is corrupt: {ex.Message}");
        }

        return output;
    }

    private byte[] ReadExactly(int count, long start, string what)
    {
        var buffer = new byte[count];
        if (ReadFully(buffer) != count)
        {
            throw Error(start, $"file ends inside the {what} ({count} bytes declared; truncated file?)");
        }

        return buffer;
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

    private Errors.ImportException Error(long start, string reason) => new($"{file} blob {_index} at byte {start}: {reason}");
}
