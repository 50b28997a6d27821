using TwinCity.Importers.Osm;

namespace TwinCity.Importers.Networks;

/// <summary>Builds the <see cref="StreetGraph"/> from the highway ways <see cref="NetworkSink"/> kept.</summary>
internal static class StreetGraphBuilder
{
    /// <summary>Splits <paramref name="ways"/> into segments; <paramref name="skip"/> hears of each way left out (feature id, reason).</summary>
    public static StreetGraph Build(IReadOnlyList<OsmWay> ways, NodeStore nodes, Action<string, string> skip, CancellationToken cancellationToken)
    {
        var pieces = WaySplitter.Split(ways, nodes, (way, reason) => skip(OsmIds.Way(way.Id), reason), cancellationToken);
        var graphNodes = new Dictionary<long, StreetNode>();
        var segments = new List<StreetSegment>(pieces.Count);
        OsmWay? way = null;
        var attributes = default(Attributes);
        foreach (var piece in pieces)
        {
            if (!ReferenceEquals(piece.Way, way))
            {
                // Tags are read once per way; its pieces share them.
                way = piece.Way;
                attributes = Attributes.Of(way);
            }

            segments.Add(new StreetSegment(
                $"{attributes.WayId}#{piece.Index}",
                attributes.WayId,
                Node(piece.FromNode, 0),
                Node(piece.ToNode, piece.Geometry.NumPoints - 1),
                piece.Geometry,
                piece.LengthMetres,
                attributes.Highway,
                attributes.Name,
                attributes.Oneway,
                attributes.MaxSpeedKmh,
                attributes.Lanes,
                way.Tags));

            string Node(long id, int vertex)
            {
                if (!graphNodes.TryGetValue(id, out var node))
                {
                    var point = piece.Geometry.CoordinateSequence;
                    node = new StreetNode(OsmIds.Node(id), point.GetX(vertex), point.GetY(vertex));
                    graphNodes.Add(id, node);
                }

                return node.Id;
            }
        }

        // Dictionary enumerates in insertion order while nothing is removed: first use.
        return new StreetGraph([.. graphNodes.Values], segments);
    }

    private readonly record struct Attributes(string WayId, string Highway, string? Name, Oneway Oneway, double? MaxSpeedKmh, int? Lanes)
    {
        public static Attributes Of(OsmWay way) => new(
            OsmIds.Way(way.Id),
            way.Tags["highway"],
            way.Tags.GetValueOrDefault("name"),
            HighwayTags.Oneway(way.Tags),
            HighwayTags.MaxSpeedKmh(way.Tags.GetValueOrDefault("maxspeed")),
            HighwayTags.Lanes(way.Tags.GetValueOrDefault("lanes")));
    }
}
