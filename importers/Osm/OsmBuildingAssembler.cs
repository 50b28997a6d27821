using NetTopologySuite.Geometries;
using TwinCity.Importers.Sources;

namespace TwinCity.Importers.Osm;

/// <summary>
/// Collects nodes, ways and relations as they are decoded, then builds building footprints. Ways are
/// kept until the end because a multipolygon relation (stored after the ways) may use untagged ones.
/// That holds every node position and way in memory: fine for a city extract (Monaco: 41k nodes),
/// not for a country; a two-pass reader that keeps only what buildings use is the way to scale.
/// </summary>
internal sealed class OsmBuildingAssembler(string file) : IOsmSink
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private readonly Dictionary<long, (double Lon, double Lat)> _nodes = [];
    private readonly Dictionary<long, long[]> _ways = [];
    private readonly List<(long Id, IReadOnlyDictionary<string, string> Tags)> _buildingWays = [];
    private readonly List<(long Id, IReadOnlyDictionary<string, string> Tags, OsmMember[] Members)> _buildingRelations = [];

    public void OnNode(long id, double longitude, double latitude) => _nodes[id] = (longitude, latitude);

    public void OnWay(long id, IReadOnlyDictionary<string, string> tags, long[] nodeIds)
    {
        _ways[id] = nodeIds;
        if (IsBuilding(tags))
        {
            _buildingWays.Add((id, tags));
        }
    }

    public void OnRelation(long id, IReadOnlyDictionary<string, string> tags, OsmMember[] members)
    {
        if (IsBuilding(tags) && tags.TryGetValue("type", out var type) && type == "multipolygon")
        {
            _buildingRelations.Add((id, tags, members));
        }
    }

    public SourceReadResult Finish(CancellationToken cancellationToken)
    {
        var check = new FootprintCheck(file);
        var buildings = new List<SourceBuilding>(_buildingWays.Count + _buildingRelations.Count);
        foreach (var (id, tags) in _buildingWays)
        {
            Add($"osm:way/{id}", BuildWay(_ways[id], out var reason), reason, tags);
        }

        cancellationToken.ThrowIfCancellationRequested();
        foreach (var (id, tags, members) in _buildingRelations)
        {
            Add($"osm:relation/{id}", BuildRelation(members, out var reason), reason, tags);
        }

        return new SourceReadResult(buildings, check.Skipped, check.Repaired, "WGS 84 (OpenStreetMap)");

        void Add(string featureId, MultiPolygon? footprint, string? reason, IReadOnlyDictionary<string, string> tags)
        {
            if (footprint is null)
            {
                check.Skip(featureId, reason ?? "footprint cannot be built");
            }
            else if (check.Check(featureId, footprint) is { } valid)
            {
                buildings.Add(new SourceBuilding(featureId, valid, tags));
            }
        }
    }

    private static bool IsBuilding(IReadOnlyDictionary<string, string> tags) =>
        tags.TryGetValue("building", out var value) && value != "no";

    private MultiPolygon? BuildWay(long[] nodeIds, out string? reason)
    {
        var ring = Ring(nodeIds, out reason);
        return ring is null ? null : Factory.CreateMultiPolygon([Factory.CreatePolygon(ring)]);
    }

    private MultiPolygon? BuildRelation(OsmMember[] members, out string? reason)
    {
        var outer = new List<long[]>();
        var inner = new List<long[]>();
        foreach (var member in members)
        {
            if (member.Type != OsmMember.Way)
            {
                continue;
            }

            if (!_ways.TryGetValue(member.Id, out var nodes))
            {
                reason = $"member way {member.Id} is not in the file (cut off by the extract?)";
                return null;
            }

            (member.Role == "inner" ? inner : outer).Add(nodes);
        }

        var shells = new List<LinearRing>();
        foreach (var nodes in JoinRings(outer, out reason) ?? [])
        {
            var ring = Ring(nodes, out reason);
            if (ring is null)
            {
                return null;
            }

            shells.Add(ring);
        }

        if (reason is not null || shells.Count == 0)
        {
            reason ??= "no outer ring";
            return null;
        }

        var holes = shells.Select(_ => new List<LinearRing>()).ToArray();
        foreach (var nodes in JoinRings(inner, out reason) ?? [])
        {
            var ring = Ring(nodes, out reason);
            if (ring is null)
            {
                return null;
            }

            var shell = shells.FindIndex(s => Factory.CreatePolygon(s).Covers(ring));
            if (shell >= 0)
            {
                holes[shell].Add(ring);
            }
        }

        if (reason is not null)
        {
            return null;
        }

        return Factory.CreateMultiPolygon([.. shells.Select((s, i) => Factory.CreatePolygon(s, [.. holes[i]]))]);
    }

    /// <summary>Joins way segments end to end into closed rings; null with a reason when a ring stays open.</summary>
    private static List<long[]>? JoinRings(List<long[]> segments, out string? reason)
    {
        reason = null;
        var remaining = new List<long[]>(segments.Where(s => s.Length > 0));
        var rings = new List<long[]>();
        while (remaining.Count > 0)
        {
            var ring = new List<long>(remaining[0]);
            remaining.RemoveAt(0);
            while (ring[0] != ring[^1])
            {
                var end = ring[^1];
                var next = remaining.FindIndex(s => s[0] == end || s[^1] == end);
                if (next < 0)
                {
                    reason = $"ring cannot be closed: no member way continues at node {end}";
                    return null;
                }

                var segment = remaining[next];
                remaining.RemoveAt(next);
                ring.AddRange(segment[0] == end ? segment.Skip(1) : segment.Reverse().Skip(1));
            }

            rings.Add([.. ring]);
        }

        return rings;
    }

    private LinearRing? Ring(long[] nodeIds, out string? reason)
    {
        if (nodeIds.Length < 4 || nodeIds[0] != nodeIds[^1])
        {
            reason = nodeIds.Length < 4 ? $"ring has {nodeIds.Length} nodes, a polygon needs at least 4" : "way is not closed";
            return null;
        }

        var coordinates = new Coordinate[nodeIds.Length];
        for (var i = 0; i < nodeIds.Length; i++)
        {
            if (!_nodes.TryGetValue(nodeIds[i], out var node))
            {
                reason = $"node {nodeIds[i]} is not in the file (cut off by the extract?)";
                return null;
            }

            coordinates[i] = new Coordinate(node.Lon, node.Lat);
        }

        reason = null;
        return Factory.CreateLinearRing(coordinates);
    }
}
