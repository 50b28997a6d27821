using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace TwinCity.Importers.Osm;

/// <summary>
/// The geometry of a multipolygon relation: joins its member ways end to end into closed rings, and
/// puts each inner ring into the smallest outer ring that contains it. Failures are returned as a
/// reason (the relation is then skipped and reported), never thrown.
/// </summary>
internal static class RingAssembler
{
    /// <summary>
    /// Joins <paramref name="segments"/> (node id lists of member ways) into closed rings; null with a
    /// reason when one stays open. Linear in the number of ways, so a hostile relation with millions
    /// of members cannot stall the reader.
    /// </summary>
    public static List<long[]>? Join(List<(long WayId, long[] Nodes)> segments, out string? reason)
    {
        var rings = new List<long[]>();
        var used = new bool[segments.Count];
        var ends = new Dictionary<long, List<int>>();
        for (var i = 0; i < segments.Count; i++)
        {
            var nodes = segments[i].Nodes;
            if (nodes.Length < 2)
            {
                reason = $"member way {segments[i].WayId} has {nodes.Length} node(s), too few to be part of a ring";
                return null;
            }

            if (nodes[0] != nodes[^1])
            {
                AddEnd(ends, nodes[0], i);
                AddEnd(ends, nodes[^1], i);
            }
        }

        var ring = new List<long>();
        for (var i = 0; i < segments.Count; i++)
        {
            if (used[i])
            {
                continue;
            }

            used[i] = true;
            ring.Clear();
            ring.AddRange(segments[i].Nodes);
            while (ring[0] != ring[^1])
            {
                var end = ring[^1];
                var next = NextUnused(ends, end, used);
                if (next < 0)
                {
                    reason = $"ring cannot be closed: no member way continues at node {end} (after way {segments[i].WayId})";
                    return null;
                }

                used[next] = true;
                var nodes = segments[next].Nodes;
                if (nodes[0] == end)
                {
                    ring.AddRange(new ReadOnlySpan<long>(nodes, 1, nodes.Length - 1));
                }
                else
                {
                    for (var k = nodes.Length - 2; k >= 0; k--)
                    {
                        ring.Add(nodes[k]);
                    }
                }
            }

            rings.Add([.. ring]);
        }

        reason = null;
        return rings;
    }

    /// <summary>
    /// Polygons from closed outer and inner rings: each inner ring becomes a hole of the smallest outer
    /// ring holding all its vertices (so an island inside a courtyard nests right); null with a reason
    /// when an inner ring lies in no outer ring.
    /// </summary>
    public static Polygon[]? Nest(GeometryFactory factory, List<Coordinate[]> outers, List<(long FirstNode, Coordinate[] Ring)> inners, out string? reason)
    {
        var shells = new (Coordinate[] Ring, Envelope Envelope, double Area, List<LinearRing> Holes)[outers.Count];
        for (var i = 0; i < outers.Count; i++)
        {
            shells[i] = (outers[i], new Envelope(outers[i]), Math.Abs(Area.OfRingSigned(outers[i])), []);
        }

        Array.Sort(shells, (a, b) => a.Area.CompareTo(b.Area));
        foreach (var (firstNode, inner) in inners)
        {
            var envelope = new Envelope(inner);
            var found = false;
            foreach (var shell in shells)
            {
                if (shell.Envelope.Covers(envelope) && NoVertexOutside(inner, shell.Ring))
                {
                    shell.Holes.Add(factory.CreateLinearRing(inner));
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                reason = $"inner ring starting at node {firstNode} lies outside every outer ring";
                return null;
            }
        }

        var polygons = new Polygon[shells.Length];
        for (var i = 0; i < shells.Length; i++)
        {
            polygons[i] = factory.CreatePolygon(factory.CreateLinearRing(shells[i].Ring), [.. shells[i].Holes]);
        }

        reason = null;
        return polygons;
    }

    private static bool NoVertexOutside(Coordinate[] inner, Coordinate[] shell)
    {
        foreach (var point in inner)
        {
            if (PointLocation.LocateInRing(point, shell) == Location.Exterior)
            {
                return false;
            }
        }

        return true;
    }

    private static void AddEnd(Dictionary<long, List<int>> ends, long node, int segment)
    {
        if (!ends.TryGetValue(node, out var list))
        {
            ends[node] = list = new List<int>(2);
        }

        list.Add(segment);
    }

    private static int NextUnused(Dictionary<long, List<int>> ends, long node, bool[] used)
    {
        if (ends.TryGetValue(node, out var candidates))
        {
            foreach (var candidate in candidates)
            {
                if (!used[candidate])
                {
                    return candidate;
                }
            }
        }

        return -1;
    }
}
