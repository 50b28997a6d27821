using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace TwinCity.Importers.Tests.Osm;

/// <summary>
/// Takes a real PBF file apart into blocks and protobuf fields and puts it back together, so the
/// hostile-file tests can break one precise thing in a real file (never a hand-made city). Written
/// independently of the reader's own decoder, so a bug there cannot hide here.
/// </summary>
internal static class PbfSurgery
{
    /// <summary>The blocks of <paramref name="file"/>: where each starts, its type, and where its Blob lies.</summary>
    public static List<(int Offset, string Type, int BlobStart, int BlobLength)> Blocks(byte[] file)
    {
        var blocks = new List<(int, string, int, int)>();
        for (var offset = 0; offset < file.Length;)
        {
            var headerLength = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(offset));
            string? type = null;
            var size = 0;
            foreach (var field in Fields(file, offset + 4, headerLength))
            {
                if (field.Number == 1)
                {
                    type = Encoding.UTF8.GetString(file, field.Start, field.Length);
                }
                else if (field.Number == 3)
                {
                    size = (int)field.Value;
                }
            }

            var blobStart = offset + 4 + headerLength;
            blocks.Add((offset, type!, blobStart, size));
            offset = blobStart + size;
        }

        return blocks;
    }

    /// <summary>
    /// The fields of the message in <paramref name="bytes"/>[start..start+length]: number, the
    /// position and length of a length-delimited payload, or the value of a varint.
    /// </summary>
    public static List<(int Number, int Start, int Length, ulong Value)> Fields(byte[] bytes, int start, int length)
    {
        var fields = new List<(int, int, int, ulong)>();
        var position = start;
        while (position < start + length)
        {
            var key = ReadVarint(bytes, ref position);
            var number = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    fields.Add((number, 0, 0, ReadVarint(bytes, ref position)));
                    break;
                case 2:
                    var size = (int)ReadVarint(bytes, ref position);
                    fields.Add((number, position, size, 0));
                    position += size;
                    break;
                default:
                    throw new InvalidOperationException($"test helper: wire type {key & 7} at byte {position}");
            }
        }

        return fields;
    }

    /// <summary>The Blob of a block, inflated.</summary>
    public static byte[] Inflate(byte[] file, (int Offset, string Type, int BlobStart, int BlobLength) block)
    {
        var fields = Fields(file, block.BlobStart, block.BlobLength);
        var raw = fields.Find(f => f.Number == 1);
        if (raw.Number == 1)
        {
            return file.AsSpan(raw.Start, raw.Length).ToArray();
        }

        var zlib = fields.Find(f => f.Number == 3);
        using var inflater = new ZLibStream(new MemoryStream(file, zlib.Start, zlib.Length), CompressionMode.Decompress);
        using var output = new MemoryStream();
        inflater.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>A whole block: 4-byte length, BlobHeader {type, datasize}, then <paramref name="blob"/>.</summary>
    public static byte[] Block(string type, byte[] blob, long? declaredSize = null)
    {
        byte[] header = [.. Bytes(1, Encoding.UTF8.GetBytes(type)), .. Varint(3, (ulong)(declaredSize ?? blob.Length))];
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, header.Length);
        return [.. length, .. header, .. blob];
    }

    /// <summary>A length-delimited field.</summary>
    public static byte[] Bytes(int field, ReadOnlySpan<byte> payload) => [.. Encode(((ulong)field << 3) | 2), .. Encode((ulong)payload.Length), .. payload];

    /// <summary>A varint field.</summary>
    public static byte[] Varint(int field, ulong value) => [.. Encode((ulong)field << 3), .. Encode(value)];

    private static byte[] Encode(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private static ulong ReadVarint(byte[] bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
