using TwinCity.Importers.Osm;

namespace TwinCity.Importers.Networks;

/// <summary>
/// Collects, in one pass over a PBF file, what the networks need: every node's position (ways come
/// after nodes, so which nodes matter is unknown while they stream by; 16 bytes a node, as for
/// buildings), the node lists and tags of highway, power-line, pipeline and substation ways, and the
/// tags of substation nodes. A repeated id (a history file lists versions oldest first) keeps the last.
/// </summary>
internal sealed class NetworkSink : IOsmSink
{
    private readonly NodeStore _nodes = new();
    private readonly Latest<OsmWay> _streets = new();
    private readonly Latest<OsmWay> _lines = new();
    private readonly Latest<OsmWay> _substationWays = new();
    private readonly Latest<(long Id, Dictionary<string, string> Tags)> _substationNodes = new();

    public bool WantsTags => true;

    public bool Wants(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        // Highway nodes (crossings, traffic signals) are offered too and dropped in OnTaggedNode:
        // the sink is not told whether it is asked about a node or a way.
        if (key.SequenceEqual("highway"u8))
        {
            return true;
        }

        if (key.SequenceEqual("power"u8))
        {
            return value.SequenceEqual("line"u8) || value.SequenceEqual("minor_line"u8) || value.SequenceEqual("cable"u8) || value.SequenceEqual("substation"u8);
        }

        return key.SequenceEqual("man_made"u8) && value.SequenceEqual("pipeline"u8);
    }

    public void OnNode(long id, int longitudeE7, int latitudeE7) => _nodes.Add(id, longitudeE7, latitudeE7);

    public void OnWay(long id, ReadOnlySpan<long> nodeIds, Dictionary<string, string>? buildingTags)
    {
        // Every way comes through here; the ones networks use come again through OnTaggedWay.
    }

    public void OnBuildingRelation(long id, Dictionary<string, string> tags, OsmMember[] members)
    {
        // Substations mapped as multipolygon relations are not read (none in the test extracts).
    }

    public void OnTaggedNode(long id, Dictionary<string, string> tags)
    {
        if (tags.GetValueOrDefault("power") == "substation")
        {
            _substationNodes.Keep(id, (id, tags));
        }
    }

    public void OnTaggedWay(long id, ReadOnlySpan<long> nodeIds, Dictionary<string, string> tags)
    {
        OsmWay? way = null;
        if (tags.ContainsKey("highway") && tags.GetValueOrDefault("area") != "yes")
        {
            _streets.Keep(id, way ??= new OsmWay(id, nodeIds.ToArray(), tags));
        }

        if (tags.GetValueOrDefault("power") is "line" or "minor_line" or "cable" || tags.GetValueOrDefault("man_made") == "pipeline")
        {
            _lines.Keep(id, way ??= new OsmWay(id, nodeIds.ToArray(), tags));
        }

        if (tags.GetValueOrDefault("power") == "substation")
        {
            _substationWays.Keep(id, way ?? new OsmWay(id, nodeIds.ToArray(), tags));
        }
    }

    /// <summary>Builds the networks once the whole file has been read; features that cannot be built are reported, prefixed by <paramref name="file"/>.</summary>
    public OsmNetworks Finish(string file, CancellationToken cancellationToken)
    {
        _nodes.Seal();
        var skipped = new List<string>();
        var streets = StreetGraphBuilder.Build(_streets.Items, _nodes, Skip, cancellationToken);
        var utilities = UtilityNetworkBuilder.Build(_lines.Items, _substationNodes.Items, _substationWays.Items, _nodes, Skip, cancellationToken);
        return new OsmNetworks(streets, utilities, skipped);

        void Skip(string featureId, string reason) => skipped.Add($"{file} {featureId}: {reason}");
    }

    /// <summary>Items in file order, where an id seen again replaces its earlier version in place.</summary>
    private sealed class Latest<T>
    {
        private readonly Dictionary<long, int> _index = [];
        private readonly List<T> _items = [];

        public IReadOnlyList<T> Items => _items;

        public void Keep(long id, T item)
        {
            if (_index.TryGetValue(id, out var at))
            {
                _items[at] = item;
                return;
            }

            _index[id] = _items.Count;
            _items.Add(item);
        }
    }
}
