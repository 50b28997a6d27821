using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using TwinCity.Importers.Sources;

namespace TwinCity.Importers.Osm;

/// <summary>
/// Collects what <see cref="PrimitiveBlockDecoder"/> keeps, then builds the footprints. Every way's
/// node list is kept to the end because a multipolygon relation, stored after the ways, may use any
/// of them; every node position is kept because ways come after nodes. Memory is therefore 16 bytes
/// per node plus 8 bytes per way node reference of the file, in a few large arrays: fine for a city
/// or region extract (Monaco: 41k nodes and 50k way node references, about 2 MB), not for a planet
/// file, which would need a second pass to learn first which ways and nodes buildings use.
/// </summary>
internal sealed class OsmBuildingAssembler : IOsmSink
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private readonly NodeStore _nodes = new();

    // Node lists of kept ways, back to back in one array, so a way costs no allocation of its own.
    private readonly Dictionary<long, (int Start, int Count)> _ways = [];
    private long[] _wayNodes = new long[1 << 16];
    private int _wayNodeCount;

    // Buildings in file order; a repeated id (history files) replaces the earlier version in place.
    private readonly List<(long Id, Dictionary<string, string> Tags)> _buildingWays = [];
    private readonly Dictionary<long, int> _buildingWayIndex = [];
    private readonly List<(long Id, Dictionary<string, string> Tags, OsmMember[] Members)> _buildingRelations = [];
    private readonly Dictionary<long, int> _buildingRelationIndex = [];

    public void OnNode(long id, int longitudeE7, int latitudeE7) => _nodes.Add(id, longitudeE7, latitudeE7);

    public void OnWay(long id, ReadOnlySpan<long> nodeIds, Dictionary<string, string>? buildingTags)
    {
        if (_wayNodes.Length - _wayNodeCount < nodeIds.Length)
        {
            Array.Resize(ref _wayNodes, Math.Max(_wayNodes.Length * 2, _wayNodeCount + nodeIds.Length));
        }

        nodeIds.CopyTo(_wayNodes.AsSpan(_wayNodeCount));
        _ways[id] = (_wayNodeCount, nodeIds.Length);
        _wayNodeCount += nodeIds.Length;
        if (buildingTags is not null)
        {
            Keep(_buildingWays, _buildingWayIndex, id, (id, buildingTags));
        }
    }

    public void OnBuildingRelation(long id, Dictionary<string, string> tags, OsmMember[] members) =>
        Keep(_buildingRelations, _buildingRelationIndex, id, (id, tags, members));

    /// <summary>Builds every building's footprint; those that cannot be built or repaired go to <paramref name="check"/>'s skipped list.</summary>
    public List<SourceBuilding> Finish(FootprintCheck check, CancellationToken cancellationToken)
    {
        _nodes.Seal();
        var buildings = new List<SourceBuilding>(_buildingWays.Count + _buildingRelations.Count);
        for (var i = 0; i < _buildingWays.Count; i++)
        {
            if (i % 1024 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var (id, tags) = _buildingWays[i];
            var featureId = $"osm:way/{id}";
            var ring = Ring(WayNodes(id), "way", out var reason);
            Add(featureId, ring is null ? null : Factory.CreateMultiPolygon([Factory.CreatePolygon(ring)]), reason, tags);
        }

        for (var i = 0; i < _buildingRelations.Count; i++)
        {
            if (i % 1024 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var (id, tags, members) = _buildingRelations[i];
            Add($"osm:relation/{id}", BuildRelation(members, out var reason), reason, tags);
        }

        return buildings;

        void Add(string featureId, MultiPolygon? footprint, string? reason, Dictionary<string, string> tags)
        {
            if (footprint is null)
            {
                check.Skip(featureId, reason ?? "footprint cannot be built");
                return;
            }

            try
            {
                if (check.Check(featureId, footprint) is { } valid)
                {
                    buildings.Add(new SourceBuilding(featureId, Orient(valid), tags));
                }
            }
            catch (Exception ex) when (ex is TopologyException or ArgumentException or InvalidOperationException)
            {
                // NTS may give up on a pathological ring; that is one building, not the file.
                check.Skip(featureId, $"footprint cannot be checked ({ex.Message})");
            }
        }
    }

    private static void Keep<T>(List<T> list, Dictionary<long, int> index, long id, T item)
    {
        if (index.TryGetValue(id, out var at))
        {
            list[at] = item;
        }
        else
        {
            index[id] = list.Count;
            list.Add(item);
        }
    }

    private ReadOnlySpan<long> WayNodes(long id)
    {
        var (start, count) = _ways[id];
        return new ReadOnlySpan<long>(_wayNodes, start, count);
    }

    private MultiPolygon? BuildRelation(OsmMember[] members, out string? reason)
    {
        var outer = new List<(long WayId, long[] Nodes)>();
        var inner = new List<(long WayId, long[] Nodes)>();
        foreach (var member in members)
        {
            // Nodes (e.g. a label) and sub-relations are not part of a multipolygon's outline.
            if (member.Type != OsmMember.Way)
            {
                continue;
            }

            if (!_ways.ContainsKey(member.Id))
            {
                reason = $"member way {member.Id} is not in the file (cut off by the extract?)";
                return null;
            }

            (member.Role == "inner" ? inner : outer).Add((member.Id, WayNodes(member.Id).ToArray()));
        }

        if (outer.Count == 0)
        {
            reason = "relation has no outer member way";
            return null;
        }

        var outerNodes = RingAssembler.Join(outer, out reason);
        var innerNodes = outerNodes is null ? null : RingAssembler.Join(inner, out reason);
        if (outerNodes is null || innerNodes is null)
        {
            return null;
        }

        var outerRings = new List<Coordinate[]>(outerNodes.Count);
        foreach (var nodes in outerNodes)
        {
            if (Ring(nodes, "outer ring", out reason) is not { } ring)
            {
                return null;
            }

            outerRings.Add(ring);
        }

        var innerRings = new List<(long FirstNode, Coordinate[] Ring)>(innerNodes.Count);
        foreach (var nodes in innerNodes)
        {
            if (Ring(nodes, "inner ring", out reason) is not { } ring)
            {
                return null;
            }

            innerRings.Add((nodes[0], ring));
        }

        var polygons = RingAssembler.Nest(Factory, outerRings, innerRings, out reason);
        return polygons is null ? null : Factory.CreateMultiPolygon(polygons);
    }

    /// <summary>The coordinates of a closed ring of at least 4 nodes, all in the file; null with a reason otherwise.</summary>
    private Coordinate[]? Ring(ReadOnlySpan<long> nodeIds, string what, out string? reason)
    {
        if (nodeIds.Length < 4)
        {
            reason = $"{what} has {nodeIds.Length} nodes; a polygon ring needs at least 4";
            return null;
        }

        if (nodeIds[0] != nodeIds[^1])
        {
            reason = $"{what} is not closed (it starts at node {nodeIds[0]} and ends at node {nodeIds[^1]})";
            return null;
        }

        var coordinates = new Coordinate[nodeIds.Length];
        for (var i = 0; i < nodeIds.Length; i++)
        {
            if (!_nodes.TryGet(nodeIds[i], out var longitude, out var latitude))
            {
                reason = $"node {nodeIds[i]} of the {what} is not in the file (cut off by the extract?)";
                return null;
            }

            coordinates[i] = new Coordinate(longitude, latitude);
        }

        reason = null;
        return coordinates;
    }

    /// <summary>
    /// Counter-clockwise shells and clockwise holes (the GeoJSON/OGC convention), whatever the
    /// mappers drew or the repair produced, so triangulation and extrusion downstream see one winding.
    /// </summary>
    private static MultiPolygon Orient(MultiPolygon footprint)
    {
        var polygons = new Polygon[footprint.NumGeometries];
        var changed = false;
        for (var i = 0; i < polygons.Length; i++)
        {
            var polygon = (Polygon)footprint.GetGeometryN(i);
            var shell = Wind(polygon.Shell, counterClockwise: true, ref changed);
            var holes = new LinearRing[polygon.NumInteriorRings];
            for (var h = 0; h < holes.Length; h++)
            {
                holes[h] = Wind(polygon.Holes[h], counterClockwise: false, ref changed);
            }

            polygons[i] = Factory.CreatePolygon(shell, holes);
        }

        return changed ? Factory.CreateMultiPolygon(polygons) : footprint;
    }

    private static LinearRing Wind(LinearRing ring, bool counterClockwise, ref bool changed)
    {
        if (Orientation.IsCCW(ring.CoordinateSequence) == counterClockwise)
        {
            return ring;
        }

        changed = true;
        return (LinearRing)ring.Reverse();
    }
}
