using NetTopologySuite.Geometries;
using TwinCity.Importers.Osm;

namespace TwinCity.Importers.Networks;

/// <summary>Builds the <see cref="UtilityNetwork"/> from the lines and substations <see cref="NetworkSink"/> kept.</summary>
internal static class UtilityNetworkBuilder
{
    /// <summary>Splits <paramref name="lines"/> into edges and places the substations; <paramref name="skip"/> hears of each feature left out (feature id, reason).</summary>
    public static UtilityNetwork Build(
        IReadOnlyList<OsmWay> lines,
        IReadOnlyList<(long Id, Dictionary<string, string> Tags)> substationNodes,
        IReadOnlyList<OsmWay> substationWays,
        NodeStore nodes,
        Action<string, string> skip,
        CancellationToken cancellationToken)
    {
        var pieces = WaySplitter.Split(lines, nodes, (way, reason) => skip(OsmIds.Way(way.Id), reason), cancellationToken);
        var networkNodes = new Dictionary<long, UtilityNode>();
        var edges = new List<UtilityEdge>(pieces.Count);
        foreach (var piece in pieces)
        {
            var tags = piece.Way.Tags;
            var wayId = OsmIds.Way(piece.Way.Id);
            edges.Add(new UtilityEdge(
                $"{wayId}#{piece.Index}",
                wayId,
                Node(piece.FromNode, 0),
                Node(piece.ToNode, piece.Geometry.NumPoints - 1),
                piece.Geometry,
                piece.LengthMetres,
                Kind(tags),
                tags.GetValueOrDefault("voltage"),
                tags.GetValueOrDefault("operator"),
                tags.GetValueOrDefault("location"),
                tags));

            string Node(long id, int vertex)
            {
                if (!networkNodes.TryGetValue(id, out var node))
                {
                    var point = piece.Geometry.CoordinateSequence;
                    node = new UtilityNode(OsmIds.Node(id), point.GetX(vertex), point.GetY(vertex));
                    networkNodes.Add(id, node);
                }

                return node.Id;
            }
        }

        var substations = new List<Substation>(substationNodes.Count + substationWays.Count);
        foreach (var (id, tags) in substationNodes)
        {
            // The decoder hands over a node's tags only after its position, so the node is there.
            nodes.TryGet(id, out var longitude, out var latitude);
            substations.Add(new Substation(OsmIds.Node(id), longitude, latitude, null, tags));
        }

        foreach (var way in substationWays)
        {
            var id = OsmIds.Way(way.Id);
            if (Outline(way, nodes, out var reason) is not { } outline)
            {
                skip(id, reason!);
                continue;
            }

            var centroid = outline.Centroid;
            substations.Add(new Substation(id, centroid.X, centroid.Y, outline, way.Tags));
        }

        return new UtilityNetwork([.. networkNodes.Values], edges, substations);
    }

    /// <summary>
    /// <c>power</c> for power lines and cables; a pipeline's <c>substance</c>, or its <c>type</c> (the
    /// tag <c>substance</c> replaced), or <c>pipeline</c> when neither says what it carries.
    /// </summary>
    private static string Kind(Dictionary<string, string> tags) =>
        tags.ContainsKey("power") && tags.GetValueOrDefault("man_made") != "pipeline"
            ? "power"
            : tags.GetValueOrDefault("substance") ?? tags.GetValueOrDefault("type") ?? "pipeline";

    private static Polygon? Outline(OsmWay way, NodeStore nodes, out string? reason)
    {
        var ids = way.NodeIds;
        if (ids.Length < 4 || ids[0] != ids[^1])
        {
            reason = ids.Length < 4
                ? $"the substation outline has {ids.Length} nodes; a closed ring needs at least 4"
                : $"the substation outline is not closed (it starts at node {ids[0]} and ends at node {ids[^1]})";
            return null;
        }

        var points = WaySplitter.Factory.CoordinateSequenceFactory.Create(ids.Length, 2, 0);
        for (var i = 0; i < ids.Length; i++)
        {
            if (!nodes.TryGet(ids[i], out var longitude, out var latitude))
            {
                reason = $"node {ids[i]} of the substation outline is not in the file (cut off by the extract?)";
                return null;
            }

            points.SetX(i, longitude);
            points.SetY(i, latitude);
        }

        reason = null;
        return WaySplitter.Factory.CreatePolygon(points);
    }
}
