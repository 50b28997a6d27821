using TwinCity.Importers.Networks;
using TwinCity.Importers.Osm;

namespace TwinCity.Importers.Tests.Networks;

/// <summary>
/// Way shapes the real files do not happen to hold but OSM allows: a way crossing itself at a node,
/// a node listed twice in a row, a closed loop touching nothing.
/// </summary>
public sealed class WaySplitterTests
{
    private static readonly NodeStore Nodes = Store(1, 2, 3, 4, 5);

    [Fact]
    public void A_way_through_the_same_node_twice_is_cut_there()
    {
        var pieces = Split(new OsmWay(10, [1, 2, 3, 4, 2, 5], []));

        Assert.Equal([(1L, 2L), (2L, 2L), (2L, 5L)], pieces.Select(p => (p.FromNode, p.ToNode)));
        Assert.Equal([0, 1, 2], pieces.Select(p => p.Index));
    }

    [Fact]
    public void A_node_listed_twice_in_a_row_is_one_vertex_not_a_loop()
    {
        var piece = Assert.Single(Split(new OsmWay(10, [1, 2, 2, 3], [])));

        Assert.Equal(3, piece.Geometry.NumPoints);
        Assert.True(piece.LengthMetres > 0);
    }

    [Fact]
    public void A_closed_loop_touching_nothing_is_one_piece_from_its_first_node_back_to_it()
    {
        var piece = Assert.Single(Split(new OsmWay(10, [1, 2, 3, 1], [])));

        Assert.Equal((1L, 1L), (piece.FromNode, piece.ToNode));
        Assert.True(piece.Geometry.IsClosed);
    }

    [Fact]
    public void A_way_left_out_does_not_cut_the_ways_it_touched()
    {
        var skipped = new List<string>();

        var pieces = WaySplitter.Split([new OsmWay(10, [1, 2, 3], []), new OsmWay(11, [2, 99], [])], Nodes, (w, r) => skipped.Add($"{w.Id}: {r}"), default);

        Assert.Single(pieces);
        Assert.Equal(["11: 1 of its 2 nodes are not in the file, node 99 first (cut off by the extract?)"], skipped);
    }

    private static List<WayPiece> Split(OsmWay way) =>
        WaySplitter.Split([way], Nodes, (w, r) => Assert.Fail($"way {w.Id} skipped: {r}"), default);

    /// <summary>Nodes 1e-4 degrees (about 10 m) apart along a diagonal near Monaco.</summary>
    private static NodeStore Store(params long[] ids)
    {
        var store = new NodeStore();
        foreach (var id in ids)
        {
            store.Add(id, 74_200_000 + (int)(id * 1000), 437_300_000 + (int)(id * (id % 2 == 0 ? 1000 : -700)));
        }

        store.Seal();
        return store;
    }
}
