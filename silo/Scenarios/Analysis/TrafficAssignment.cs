using QuikGraph;
using QuikGraph.Algorithms.Observers;
using QuikGraph.Algorithms.ShortestPath;

namespace TwinCity.Silo.Scenarios.Analysis;

/// <summary>
/// Static user-equilibrium assignment by the Frank–Wolfe method (Sheffi, <i>Urban Transportation
/// Networks</i>, ch. 5): all-or-nothing loads on shortest paths (QuikGraph's Dijkstra, one tree per
/// origin) at the current BPR times, then a bisection line search on the Beckmann objective.
/// One-way streets are respected because the graph is directed; a closed arc has capacity 0 and is
/// left out of the graph.
/// </summary>
public static class TrafficAssignment
{
    /// <summary>Assigns <paramref name="demand"/> to <paramref name="network"/>.</summary>
    public static TrafficResult Assign(StreetNetwork network, IReadOnlyList<TripDemand> demand, TrafficOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(demand);
        options ??= new TrafficOptions();
        var arcs = network.Arcs;
        var graph = new AdjacencyGraph<int, TaggedEdge<int, int>>(allowParallelEdges: true, vertexCapacity: network.Nodes.Count, edgeCapacity: -1);
        graph.AddVertexRange(Enumerable.Range(0, network.Nodes.Count));
        for (var a = 0; a < arcs.Count; a++)
        {
            if (arcs[a].CapacityPerHour > 0)
            {
                graph.AddEdge(new TaggedEdge<int, int>(arcs[a].From, arcs[a].To, a));
            }
        }

        var byOrigin = demand.Where(d => d.TripsPerHour > 0 && d.Origin != d.Destination).GroupBy(d => d.Origin).ToArray();
        var flows = new double[arcs.Count];
        var times = new double[arcs.Count];
        var target = new double[arcs.Count];
        UpdateTimes(arcs, flows, times, options);
        var (unrouted, _) = AllOrNothing(graph, byOrigin, times, flows);
        var gap = double.PositiveInfinity;
        var iteration = 0;
        while (iteration < options.MaxIterations)
        {
            iteration++;
            UpdateTimes(arcs, flows, times, options);
            Array.Clear(target);
            var (_, shortest) = AllOrNothing(graph, byOrigin, times, target);
            var current = 0.0;
            for (var a = 0; a < arcs.Count; a++)
            {
                current += flows[a] > 0 ? flows[a] * times[a] : 0;
            }

            gap = current > 0 ? (current - shortest) / current : 0;
            if (gap < options.GapTolerance)
            {
                break;
            }

            var step = LineSearch(arcs, flows, target, options);
            for (var a = 0; a < arcs.Count; a++)
            {
                flows[a] += step * (target[a] - flows[a]);
            }
        }

        UpdateTimes(arcs, flows, times, options);
        var routed = demand.Where(d => d.TripsPerHour > 0 && d.Origin != d.Destination).Sum(d => d.TripsPerHour) - unrouted;
        var system = 0.0;
        for (var a = 0; a < arcs.Count; a++)
        {
            system += flows[a] > 0 ? flows[a] * times[a] : 0;
        }

        // At equilibrium every used path costs the shortest time, so system time / trips is the mean trip time.
        return new TrafficResult(flows, times, routed > 0 ? system / routed : 0, unrouted, iteration, gap);
    }

    private static void UpdateTimes(IReadOnlyList<StreetArc> arcs, double[] flows, double[] times, TrafficOptions options)
    {
        for (var a = 0; a < arcs.Count; a++)
        {
            times[a] = LinkCost.Bpr(arcs[a].FreeFlowSeconds, flows[a], arcs[a].CapacityPerHour, options.Alpha, options.Beta);
        }
    }

    // Loads every origin's demand on its shortest-path tree; returns the demand with no path and the
    // total time of the loaded trips (sum of demand × shortest time).
    private static (double Unrouted, double TotalSeconds) AllOrNothing(
        AdjacencyGraph<int, TaggedEdge<int, int>> graph, IGrouping<int, TripDemand>[] byOrigin, double[] times, double[] load)
    {
        double unrouted = 0, total = 0;
        foreach (var origin in byOrigin)
        {
            var dijkstra = new DijkstraShortestPathAlgorithm<int, TaggedEdge<int, int>>(graph, e => times[e.Tag]);
            var predecessors = new VertexPredecessorRecorderObserver<int, TaggedEdge<int, int>>();
            using (predecessors.Attach(dijkstra))
            {
                dijkstra.Compute(origin.Key);
            }

            foreach (var trip in origin)
            {
                if (!predecessors.VerticesPredecessors.ContainsKey(trip.Destination) || !dijkstra.TryGetDistance(trip.Destination, out var seconds))
                {
                    unrouted += trip.TripsPerHour;
                    continue;
                }

                total += seconds * trip.TripsPerHour;
                var node = trip.Destination;
                while (node != origin.Key && predecessors.VerticesPredecessors.TryGetValue(node, out var edge))
                {
                    load[edge.Tag] += trip.TripsPerHour;
                    node = edge.Source;
                }
            }
        }

        return (unrouted, total);
    }

    // Bisection on the derivative of the Beckmann objective along flows → target.
    private static double LineSearch(IReadOnlyList<StreetArc> arcs, double[] flows, double[] target, TrafficOptions options)
    {
        double low = 0, high = 1;
        for (var i = 0; i < 30; i++)
        {
            var mid = (low + high) / 2;
            var slope = 0.0;
            for (var a = 0; a < arcs.Count; a++)
            {
                var d = target[a] - flows[a];
                if (d != 0)
                {
                    slope += d * LinkCost.Bpr(arcs[a].FreeFlowSeconds, flows[a] + (mid * d), arcs[a].CapacityPerHour, options.Alpha, options.Beta);
                }
            }

            if (slope > 0)
            {
                high = mid;
            }
            else
            {
                low = mid;
            }
        }

        return (low + high) / 2;
    }
}
