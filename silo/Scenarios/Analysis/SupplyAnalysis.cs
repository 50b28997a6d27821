using QuikGraph;
using QuikGraph.Algorithms.Search;

namespace TwinCity.Silo.Scenarios.Analysis;

/// <summary>An edge of a utility network (power cable, pipe); supply flows either way along it.</summary>
/// <param name="Id">Stable id, <c>osm:way/&lt;id&gt;#n</c>.</param>
/// <param name="From">Node id at one end, <c>osm:node/&lt;id&gt;</c>.</param>
/// <param name="To">Node id at the other end.</param>
public sealed record SupplyEdge(string Id, string From, string To);

/// <summary>A utility network as the supply analysis sees it.</summary>
/// <param name="Edges">The edges.</param>
/// <param name="Sources">Nodes that feed the network (substations, reservoirs).</param>
/// <param name="BuildingNodes">For each building id, the node it is connected to.</param>
public sealed record SupplyNetwork(IReadOnlyList<SupplyEdge> Edges, IReadOnlyList<string> Sources, IReadOnlyDictionary<string, string> BuildingNodes);

/// <summary>Which buildings lose supply when edges are cut.</summary>
/// <param name="LostSupply">Buildings supplied before the cut and not after, sorted by id.</param>
/// <param name="UnsuppliedBefore">Buildings that had no supply even before the cut.</param>
public sealed record SupplyResult(IReadOnlyList<string> LostSupply, int UnsuppliedBefore);

/// <summary>Reachability from the sources over the undirected network (QuikGraph breadth-first search).</summary>
public static class SupplyAnalysis
{
    /// <summary>Compares reachability with and without the <paramref name="cutEdges"/>.</summary>
    public static SupplyResult Cut(SupplyNetwork network, IReadOnlySet<string> cutEdges)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(cutEdges);
        var before = Reachable(network, _ => true);
        var after = Reachable(network, e => !cutEdges.Contains(e.Id));
        var lost = new List<string>();
        var unsupplied = 0;
        foreach (var (building, node) in network.BuildingNodes)
        {
            if (!before.Contains(node))
            {
                unsupplied++;
            }
            else if (!after.Contains(node))
            {
                lost.Add(building);
            }
        }

        lost.Sort(StringComparer.Ordinal);
        return new SupplyResult(lost, unsupplied);
    }

    /// <summary>The nodes reachable from a source over the edges <paramref name="keep"/> accepts.</summary>
    public static HashSet<string> Reachable(SupplyNetwork network, Func<SupplyEdge, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(keep);
        var graph = new UndirectedGraph<string, TaggedUndirectedEdge<string, SupplyEdge>>(allowParallelEdges: true);
        foreach (var edge in network.Edges)
        {
            if (keep(edge) && edge.From != edge.To)
            {
                // QuikGraph wants an undirected edge's ends in Comparer<T>.Default order.
                var ascending = Comparer<string>.Default.Compare(edge.From, edge.To) < 0;
                graph.AddVerticesAndEdge(new TaggedUndirectedEdge<string, SupplyEdge>(
                    ascending ? edge.From : edge.To, ascending ? edge.To : edge.From, edge));
            }
        }

        var reached = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in network.Sources)
        {
            reached.Add(source);
            if (!graph.ContainsVertex(source) || reached.Count > 1 && IsVisited(graph, source, reached))
            {
                continue;
            }

            var search = new UndirectedBreadthFirstSearchAlgorithm<string, TaggedUndirectedEdge<string, SupplyEdge>>(graph);
            search.DiscoverVertex += v => reached.Add(v);
            search.Compute(source);
        }

        return reached;
    }

    // A source already reached from another source needs no search of its own.
    private static bool IsVisited(UndirectedGraph<string, TaggedUndirectedEdge<string, SupplyEdge>> graph, string source, HashSet<string> reached) =>
        graph.AdjacentEdges(source).Any(e => reached.Contains(e.GetOtherVertex(source)));
}
