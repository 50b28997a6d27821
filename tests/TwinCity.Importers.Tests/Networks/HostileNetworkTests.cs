using System.Text;
using TwinCity.Importers.Errors;
using TwinCity.Importers.Networks;
using TwinCity.Importers.Sources;
using TwinCity.Importers.Tests.Osm;
using Xunit.Abstractions;

namespace TwinCity.Importers.Tests.Networks;

/// <summary>
/// The real Monaco file with one thing broken: a corrupt file is an <see cref="ImportException"/>
/// naming it; a feature that cannot become a line is skipped and reported, and the rest still read.
/// </summary>
public sealed class HostileNetworkTests(MonacoNetworksFixture monaco, ITestOutputHelper output) : IClassFixture<MonacoNetworksFixture>
{
    private static readonly byte[] Monaco = File.ReadAllBytes(DataFolder.GetPath("osm/monaco-latest.osm.pbf"));

    [Fact]
    public void Truncated_file_is_rejected_naming_the_file()
    {
        using var half = new MemoryStream(Monaco, 0, Monaco.Length / 2);

        var error = Assert.Throws<ImportException>(() => OsmNetworkReader.Read(half, "half.osm.pbf"));

        Assert.StartsWith("half.osm.pbf block ", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Ways_whose_nodes_the_extract_cut_off_are_skipped_and_reported()
    {
        // Monaco without its node blocks: every way is still there, none of its nodes.
        var kept = PbfSurgery.Blocks(Monaco).Where(b => b.Type != "OSMData" || !HoldsNodes(PbfSurgery.Inflate(Monaco, b)));
        using var stream = new MemoryStream([.. kept.SelectMany(b => Monaco[b.Offset..(b.BlobStart + b.BlobLength)])]);

        var read = OsmNetworkReader.Read(stream, "cut.osm.pbf");

        Assert.Empty(read.Streets.Segments);
        Assert.Empty(read.Utilities.Edges);
        Assert.Empty(read.Utilities.Substations);
        string[] expected = [.. monaco.Highways.Keys, .. monaco.UtilityLines.Keys, .. monaco.Substations.Keys.Where(id => id.StartsWith("osm:way/", StringComparison.Ordinal))];
        Assert.Equal(expected.Order(), read.Skipped.Select(s => s.Split(' ')[1].TrimEnd(':')).Order());
        Assert.All(read.Skipped, s => Assert.Matches(@"^cut\.osm\.pbf osm:way/\d+: .*not in the file", s));
    }

    [Fact]
    public void A_highway_way_with_a_single_node_is_skipped_and_the_others_still_read()
    {
        var (bytes, wayId) = WithFirstHighwayCutToOneNode();
        using var stream = new MemoryStream(bytes);

        var read = OsmNetworkReader.Read(stream, "one-node.osm.pbf");

        Assert.Equal([$"one-node.osm.pbf osm:way/{wayId}: the way has 1 distinct node; a line needs at least 2"], read.Skipped);
        Assert.Equal(monaco.Highways.Keys.Where(id => id != $"osm:way/{wayId}").Order(), read.Streets.Segments.Select(s => s.WayId).Distinct().Order());
    }

    [Fact]
    public void Dense_node_tags_cut_short_are_rejected_naming_the_block()
    {
        var (bytes, block) = WithFirstDenseTagsCutInHalf();
        using var stream = new MemoryStream(bytes);

        var error = Assert.Throws<ImportException>(() => OsmNetworkReader.Read(stream, "short-tags.osm.pbf"));

        Assert.StartsWith($"short-tags.osm.pbf block {block.Index} at byte {block.Offset}: dense node ", error.Message);
        Assert.Contains("keys_vals", error.Message);
        output.WriteLine(error.Message);
    }

    /// <summary>Whether a PrimitiveBlock has a group of nodes (field 1) or dense nodes (field 2).</summary>
    private static bool HoldsNodes(byte[] block) =>
        PbfSurgery.Fields(block, 0, block.Length)
            .Where(f => f.Number == 2)
            .Any(g => PbfSurgery.Fields(block, g.Start, g.Length).Any(f => f.Number is 1 or 2));

    /// <summary>Monaco with the first way tagged <c>highway</c> left with only its first node (field 8, refs), and that way's id.</summary>
    private static (byte[] File, long WayId) WithFirstHighwayCutToOneNode()
    {
        foreach (var block in PbfSurgery.Blocks(Monaco).Where(b => b.Type == "OSMData"))
        {
            var data = PbfSurgery.Inflate(Monaco, block);
            var fields = PbfSurgery.Fields(data, 0, data.Length);
            var table = fields.Single(f => f.Number == 1);
            var highway = PbfSurgery.Fields(data, table.Start, table.Length).FindIndex(f => Encoding.UTF8.GetString(data, f.Start, f.Length) == "highway");
            foreach (var group in fields.Where(f => f.Number == 2))
            {
                foreach (var way in PbfSurgery.Fields(data, group.Start, group.Length).Where(f => f.Number == 3))
                {
                    var parts = PbfSurgery.Fields(data, way.Start, way.Length);
                    if (!PbfWayCensus.Varints(data, parts.Find(f => f.Number == 2)).Contains(highway))
                    {
                        continue;
                    }

                    // The first ref is the first varint of the packed deltas: up to its first byte below 0x80.
                    var refs = parts.Single(f => f.Number == 8);
                    var first = data.AsSpan(refs.Start, refs.Length);
                    var newWay = Rewrite(data, way, refs, PbfSurgery.Bytes(8, first[..(first.IndexOfAnyInRange((byte)0, (byte)0x7F) + 1)]));
                    var newGroup = Rewrite(data, group, way, PbfSurgery.Bytes(3, newWay));
                    var newBlock = Rewrite(data, (0, 0, data.Length, 0), group, PbfSurgery.Bytes(2, newGroup));
                    byte[] blob = [.. PbfSurgery.Bytes(1, newBlock), .. PbfSurgery.Varint(2, (ulong)newBlock.Length)];
                    byte[] file = [.. Monaco[..block.Offset], .. PbfSurgery.Block("OSMData", blob), .. Monaco[(block.BlobStart + block.BlobLength)..]];
                    return (file, (long)parts.Single(f => f.Number == 1).Value);
                }
            }
        }

        throw new InvalidOperationException("test helper: Monaco has no highway way");
    }

    /// <summary>Monaco with the tags (keys_vals, field 10) of its first dense node group cut at a varint boundary near half way, and where that block is.</summary>
    private static (byte[] File, (int Index, int Offset) Block) WithFirstDenseTagsCutInHalf()
    {
        var blocks = PbfSurgery.Blocks(Monaco);
        for (var index = 0; index < blocks.Count; index++)
        {
            var block = blocks[index];
            if (block.Type != "OSMData")
            {
                continue;
            }

            var data = PbfSurgery.Inflate(Monaco, block);
            foreach (var group in PbfSurgery.Fields(data, 0, data.Length).Where(f => f.Number == 2))
            {
                foreach (var dense in PbfSurgery.Fields(data, group.Start, group.Length).Where(f => f.Number == 2))
                {
                    var tags = PbfSurgery.Fields(data, dense.Start, dense.Length).Find(f => f.Number == 10);
                    if (tags.Number != 10)
                    {
                        continue;
                    }

                    var payload = data.AsSpan(tags.Start, tags.Length);
                    var cut = payload[(payload.Length / 2)..].IndexOfAnyInRange((byte)0, (byte)0x7F) + (payload.Length / 2) + 1;
                    var newDense = Rewrite(data, dense, tags, PbfSurgery.Bytes(10, payload[..cut]));
                    var newGroup = Rewrite(data, group, dense, PbfSurgery.Bytes(2, newDense));
                    var newBlock = Rewrite(data, (0, 0, data.Length, 0), group, PbfSurgery.Bytes(2, newGroup));
                    byte[] blob = [.. PbfSurgery.Bytes(1, newBlock), .. PbfSurgery.Varint(2, (ulong)newBlock.Length)];
                    byte[] file = [.. Monaco[..block.Offset], .. PbfSurgery.Block("OSMData", blob), .. Monaco[(block.BlobStart + block.BlobLength)..]];
                    return (file, (index, block.Offset));
                }
            }
        }

        throw new InvalidOperationException("test helper: Monaco has no dense node tags");
    }

    /// <summary>The message <paramref name="message"/> re-encoded with its field <paramref name="field"/> replaced by <paramref name="replacement"/> (key included).</summary>
    private static byte[] Rewrite(byte[] data, (int Number, int Start, int Length, ulong Value) message, (int Number, int Start, int Length, ulong Value) field, byte[] replacement)
    {
        var output = new List<byte>();
        foreach (var f in PbfSurgery.Fields(data, message.Start, message.Length))
        {
            // PbfSurgery.Fields gives a varint a start of 0; a length-delimited payload never starts there.
            output.AddRange(f == field ? replacement : f.Start > 0 ? PbfSurgery.Bytes(f.Number, data.AsSpan(f.Start, f.Length)) : PbfSurgery.Varint(f.Number, f.Value));
        }

        return [.. output];
    }
}
