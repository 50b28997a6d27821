using System.Text;
using TwinCity.Importers.Errors;
using TwinCity.Importers.Osm;
using TwinCity.Importers.Sources;

namespace TwinCity.Importers.Tests.Osm;

/// <summary>
/// Broken and hostile PBF files, each a real file with one thing broken, written to a temporary
/// folder: each is rejected with an <see cref="ImportException"/> that names the file, where in it
/// the problem is, and what the problem is.
/// </summary>
public sealed class HostilePbfTests : IDisposable
{
    private static readonly byte[] Monaco = File.ReadAllBytes(DataFolder.GetPath("osm/monaco-latest.osm.pbf"));

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "twincity-hostile-pbf-" + Guid.NewGuid().ToString("N"));

    public HostilePbfTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Truncated_file_is_rejected_naming_the_byte_where_it_ends()
    {
        var half = Monaco.Length / 2;
        var block = PbfSurgery.Blocks(Monaco).FindLastIndex(b => b.Offset < half);

        var error = Read("half.osm.pbf", Monaco[..half]);

        Assert.StartsWith($"half.osm.pbf block {block} at byte {PbfSurgery.Blocks(Monaco)[block].Offset}: file ends at byte {half}, inside the OSMData blob", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void File_cut_inside_the_first_blob_header_is_rejected()
    {
        var error = Read("cut.osm.pbf", Monaco[..10]);

        Assert.StartsWith("cut.osm.pbf block 0 at byte 0: file ends at byte 10, inside the blob header", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Bit_flipped_zlib_data_is_rejected_naming_the_block()
    {
        var bytes = (byte[])Monaco.Clone();
        var block = PbfSurgery.Blocks(bytes)[1];
        var zlib = PbfSurgery.Fields(bytes, block.BlobStart, block.BlobLength).Single(f => f.Number == 3);
        for (var i = zlib.Start + (zlib.Length / 2); i < zlib.Start + (zlib.Length / 2) + 32; i++)
        {
            bytes[i] ^= 0x5A;
        }

        var error = Read("flipped.osm.pbf", bytes);

        Assert.StartsWith($"flipped.osm.pbf block 1 at byte {block.Offset}: zlib data is ", error.Message);
        Assert.Contains("corrupt", error.Message);
    }

    [Fact]
    public void Blob_header_claiming_a_huge_blob_is_rejected_before_allocating_it()
    {
        var first = PbfSurgery.Blocks(Monaco)[0];
        var blob = Monaco[first.BlobStart..];
        byte[] bytes = [.. PbfSurgery.Block("OSMHeader", blob, declaredSize: int.MaxValue)];
        var allocated = GC.GetAllocatedBytesForCurrentThread();

        var error = Read("huge.osm.pbf", bytes);

        Assert.StartsWith("huge.osm.pbf block 0 at byte 0: blob header declares a data size of 2147483647 bytes for the OSMHeader blob, outside 1..33554432", error.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 4 << 20, "the reader allocated the size the header claimed");
    }

    [Fact]
    public void A_GeoJSON_file_given_as_PBF_is_rejected_as_not_a_PBF_file()
    {
        var error = Read("substations.osm.pbf", File.ReadAllBytes(DataFolder.GetPath("derived/monaco-substations.geojson")));

        Assert.StartsWith("substations.osm.pbf block 0 at byte 0: blob header length ", error.Message);
        Assert.Contains("not an OpenStreetMap PBF file", error.Message);
    }

    [Fact]
    public void Empty_file_is_rejected()
    {
        var error = Read("empty.osm.pbf", []);

        Assert.Equal("empty.osm.pbf: the file is empty; an OpenStreetMap PBF file starts with an OSMHeader block", error.Message);
    }

    [Fact]
    public void File_starting_with_a_data_block_is_rejected()
    {
        var second = PbfSurgery.Blocks(Monaco)[1];

        var error = Read("headless.osm.pbf", Monaco[second.Offset..]);

        Assert.StartsWith("headless.osm.pbf block 0 at byte 0: the first block is \"OSMData\", not \"OSMHeader\"", error.Message);
    }

    [Fact]
    public void Unsupported_compression_is_rejected_naming_it()
    {
        // The same compressed bytes, relabelled from zlib_data (field 3) to lzma_data (field 4).
        var block = PbfSurgery.Blocks(Monaco)[1];
        var fields = PbfSurgery.Fields(Monaco, block.BlobStart, block.BlobLength);
        var rawSize = fields.Single(f => f.Number == 2).Value;
        var zlib = fields.Single(f => f.Number == 3);
        byte[] blob = [.. PbfSurgery.Varint(2, rawSize), .. PbfSurgery.Bytes(4, Monaco.AsSpan(zlib.Start, zlib.Length))];

        var error = Read("lzma.osm.pbf", [.. Monaco[..block.Offset], .. PbfSurgery.Block("OSMData", blob)]);

        Assert.StartsWith($"lzma.osm.pbf block 1 at byte {block.Offset}: unsupported compression: the blob is lzma-compressed", error.Message);
    }

    [Fact]
    public void Zlib_data_inflating_to_another_size_than_declared_is_rejected()
    {
        var block = PbfSurgery.Blocks(Monaco)[1];
        var fields = PbfSurgery.Fields(Monaco, block.BlobStart, block.BlobLength);
        var rawSize = fields.Single(f => f.Number == 2).Value;
        var zlib = fields.Single(f => f.Number == 3);
        byte[] blob = [.. PbfSurgery.Varint(2, rawSize - 1), .. PbfSurgery.Bytes(3, Monaco.AsSpan(zlib.Start, zlib.Length))];

        var error = Read("resized.osm.pbf", [.. Monaco[..block.Offset], .. PbfSurgery.Block("OSMData", blob), .. Monaco[(block.BlobStart + block.BlobLength)..]]);

        Assert.StartsWith($"resized.osm.pbf block 1 at byte {block.Offset}: zlib data is corrupt: it inflates to more than the {rawSize - 1} bytes", error.Message);
    }

    [Fact]
    public void A_required_feature_the_reader_lacks_is_rejected_naming_it()
    {
        var first = PbfSurgery.Blocks(Monaco)[0];
        byte[] header = [.. PbfSurgery.Inflate(Monaco, first), .. PbfSurgery.Bytes(4, "LocationsOnWays"u8)];

        var error = Read("locations.osm.pbf", [.. PbfSurgery.Block("OSMHeader", PbfSurgery.Bytes(1, header)), .. Monaco[(first.BlobStart + first.BlobLength)..]]);

        Assert.StartsWith("locations.osm.pbf block 0 at byte 0: the file requires the PBF feature \"LocationsOnWays\"", error.Message);
    }

    [Fact]
    public void Stream_without_a_file_name_is_named_as_the_caller_says()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("not a pbf"));

        var error = Assert.Throws<ImportException>(() => OsmPbfReader.Read(stream, "upload-42.osm.pbf"));

        Assert.StartsWith("upload-42.osm.pbf block 0 at byte 0: ", error.Message);
    }

    [Fact]
    public void Reading_stops_when_cancelled()
    {
        var path = Write("monaco.osm.pbf", Monaco);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => OsmPbfReader.Read(path, cancelled.Token));
    }

    private ImportException Read(string name, byte[] bytes)
    {
        var path = Write(name, bytes);
        return Assert.Throws<ImportException>(() => OsmPbfReader.Read(path));
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
