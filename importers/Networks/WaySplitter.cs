using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;
using TwinCity.Importers.Osm;

namespace TwinCity.Importers.Networks;

/// <summary>
/// Turns the ways of one network into edges: a node is a network node when it ends a way or is used
/// more than once by the network's ways (by two ways, or twice by one that crosses itself), and
/// every way is cut at each of its network nodes. Ways that cannot become lines (nodes missing from
/// the file, fewer than two distinct nodes) are reported, and left out before counting, so a way cut
/// off by the extract does not cut the ways it touched.
/// </summary>
internal static class WaySplitter
{
    /// <summary>WGS 84, with packed sequences (one double array per line, no Coordinate objects).</summary>
    public static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326, PackedCoordinateSequenceFactory.DoubleFactory);

    /// <summary>The pieces of <paramref name="ways"/>, way by way; <paramref name="skip"/> hears of each way left out and why.</summary>
    public static List<WayPiece> Split(IReadOnlyList<OsmWay> ways, NodeStore nodes, Action<OsmWay, string> skip, CancellationToken cancellationToken)
    {
        var usable = new List<(OsmWay Way, long[] NodeIds)>(ways.Count);
        var uses = new Dictionary<long, int>();
        foreach (var way in ways)
        {
            var nodeIds = WithoutRepeats(way.NodeIds);
            if (Problem(nodeIds, nodes) is { } reason)
            {
                skip(way, reason);
                continue;
            }

            usable.Add((way, nodeIds));
            // A closed way's last node is its first again: one use, not two (it is an end anyway).
            var count = nodeIds[0] == nodeIds[^1] ? nodeIds.Length - 1 : nodeIds.Length;
            for (var i = 0; i < count; i++)
            {
                uses[nodeIds[i]] = uses.GetValueOrDefault(nodeIds[i]) + 1;
            }
        }

        var pieces = new List<WayPiece>(usable.Count * 2);
        for (var w = 0; w < usable.Count; w++)
        {
            if (w % 1024 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var (way, nodeIds) = usable[w];
            var (start, index) = (0, 0);
            for (var i = 1; i < nodeIds.Length; i++)
            {
                if (i == nodeIds.Length - 1 || uses[nodeIds[i]] > 1)
                {
                    pieces.Add(Piece(way, index++, nodeIds.AsSpan(start, i - start + 1), nodes));
                    start = i;
                }
            }
        }

        return pieces;
    }

    /// <summary>The node list without immediate repeats (a node listed twice in a row is a mapping slip, not a loop).</summary>
    private static long[] WithoutRepeats(long[] nodeIds)
    {
        var repeats = 0;
        for (var i = 1; i < nodeIds.Length; i++)
        {
            repeats += nodeIds[i] == nodeIds[i - 1] ? 1 : 0;
        }

        if (repeats == 0)
        {
            return nodeIds;
        }

        var kept = new long[nodeIds.Length - repeats];
        var count = 0;
        for (var i = 0; i < nodeIds.Length; i++)
        {
            if (i == 0 || nodeIds[i] != nodeIds[i - 1])
            {
                kept[count++] = nodeIds[i];
            }
        }

        return kept;
    }

    private static string? Problem(long[] nodeIds, NodeStore nodes)
    {
        if (nodeIds.Length < 2)
        {
            return $"the way has {nodeIds.Length} distinct node{(nodeIds.Length == 1 ? string.Empty : "s")}; a line needs at least 2";
        }

        var missing = 0;
        var first = 0L;
        foreach (var id in nodeIds)
        {
            if (!nodes.TryGet(id, out _, out _))
            {
                first = missing++ == 0 ? id : first;
            }
        }

        return missing == 0 ? null : $"{missing} of its {nodeIds.Length} nodes are not in the file, node {first} first (cut off by the extract?)";
    }

    private static WayPiece Piece(OsmWay way, int index, ReadOnlySpan<long> nodeIds, NodeStore nodes)
    {
        var points = Factory.CoordinateSequenceFactory.Create(nodeIds.Length, 2, 0);
        for (var i = 0; i < nodeIds.Length; i++)
        {
            // Problem() has checked every node is there.
            nodes.TryGet(nodeIds[i], out var longitude, out var latitude);
            points.SetX(i, longitude);
            points.SetY(i, latitude);
        }

        return new WayPiece(way, index, nodeIds[0], nodeIds[^1], Factory.CreateLineString(points), EllipsoidLength.Metres(points));
    }
}
