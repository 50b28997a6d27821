using System.Buffers.Binary;
using TwinCity.Importers.Errors;
using TwinCity.Importers.Osm;
using TwinCity.Importers.Sources;

namespace TwinCity.Importers.Tests.Osm;

/// <summary>Broken and hostile PBF files: each is rejected with a message naming the file and the problem.</summary>
public sealed class HostilePbfTests
{
    private static readonly byte[] Monaco = File.ReadAllBytes(DataFolder.GetPath("osm/monaco-latest.osm.pbf"));

    private static ImportException ReadBytes(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return Assert.Throws<ImportException>(() => OsmPbfReader.Read(stream, "hostile.osm.pbf"));
    }

    [Fact]
    public void Truncated_file_is_rejected_naming_where_it_ends()
    {
        var error = ReadBytes(Monaco[..(Monaco.Length / 2)]);

        Assert.StartsWith("hostile.osm.pbf blob ", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void File_cut_inside_the_first_blob_header_is_rejected()
    {
        var error = ReadBytes(Monaco[..10]);

        Assert.Contains("blob 0 at byte 0", error.Message);
    }

    [Fact]
    public void Bit_flipped_compressed_data_is_rejected()
    {
        var bytes = (byte[])Monaco.Clone();
        var second = SecondBlobDataOffset(bytes);
        for (var i = second + 64; i < second + 96; i++)
        {
            bytes[i] ^= 0x5A;
        }

        var error = ReadBytes(bytes);

        Assert.StartsWith("hostile.osm.pbf blob 1 at byte", error.Message);
    }

    [Fact]
    public void Blob_header_claiming_a_huge_blob_is_rejected_before_allocating_it()
    {
        // A header whose datasize (field 3) says 2 GB.
        byte[] header = [0x0A, 0x09, .. "OSMHeader"u8, 0x18, 0x80, 0x80, 0x80, 0x80, 0x08];
        var bytes = new byte[4 + header.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, header.Length);
        header.CopyTo(bytes, 4);

        var error = ReadBytes(bytes);

        Assert.Contains("blob size 2147483648 is outside", error.Message);
    }

    [Fact]
    public void A_GeoJSON_file_given_as_PBF_is_rejected()
    {
        var error = ReadBytes(File.ReadAllBytes(DataFolder.GetPath("derived/monaco-substations.geojson")));

        Assert.Contains("not a PBF file", error.Message);
    }

    [Fact]
    public void Empty_file_is_rejected_as_not_a_PBF_file()
    {
        var error = ReadBytes([]);

        Assert.Equal("hostile.osm.pbf: no OSMHeader block; this is not an OpenStreetMap PBF file", error.Message);
    }

    [Fact]
    public void Varint_longer_than_ten_bytes_is_rejected()
    {
        byte[] data = [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];

        var error = Assert.Throws<InvalidDataException>(() => ReadFirstVarint(data));

        Assert.Contains("longer than 10 bytes", error.Message);
    }

    [Fact]
    public void Length_past_the_end_is_rejected()
    {
        byte[] data = [0x0A, 0x7F, 0x01];

        var error = Assert.Throws<InvalidDataException>(() => ReadFirstBytes(data));

        Assert.Contains("exceeds the 1 bytes left", error.Message);
    }

    [Fact]
    public void Group_wire_types_are_rejected()
    {
        byte[] data = [0x0B];

        var error = Assert.Throws<InvalidDataException>(() => ReadFirstVarint(data));

        Assert.Contains("wire type 3", error.Message);
    }

    private static ulong ReadFirstVarint(byte[] data)
    {
        var reader = new ProtoReader(data);
        reader.TryReadKey(out _, out _);
        return reader.ReadVarint();
    }

    private static int ReadFirstBytes(byte[] data)
    {
        var reader = new ProtoReader(data);
        reader.TryReadKey(out _, out _);
        return reader.ReadBytes().Length;
    }

    private static int SecondBlobDataOffset(byte[] bytes)
    {
        var headerLength = BinaryPrimitives.ReadInt32BigEndian(bytes);
        var reader = new ProtoReader(bytes.AsSpan(4, headerLength));
        var dataSize = 0;
        while (reader.TryReadKey(out var field, out var wire))
        {
            if (field == 3)
            {
                dataSize = (int)reader.ReadVarint();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return 4 + headerLength + dataSize + 4 + BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + headerLength + dataSize));
    }
}
