using System.Diagnostics;
using System.Globalization;
using QuikGraph;
using QuikGraph.Algorithms.ShortestPath;
using TwinCity.Silo.Scenarios.Analysis;

namespace TwinCity.Benchmarks;

/// <summary>
/// Issue 7's three timings on Monaco: a street closure re-assigned, a day of hourly shadows for one
/// new tower, a power-network cut; against one Dijkstra tree and the baseline assignment measured
/// in the same run.
/// </summary>
internal static class ScenarioBenchmark
{
    private const int Runs = 5;

    public static Task RunAsync()
    {
        var data = MonacoScenarioData.Load();
        var demand = DemandModel.FromBuildings(data.Streets, data.Buildings);
        var dijkstra = Measure(() => OneDijkstra(data.Streets));
        TrafficResult baseline = null!;
        var assign = Measure(() => baseline = TrafficAssignment.Assign(data.Streets, demand));
        var busiest = data.Streets.Arcs[Enumerable.Range(0, baseline.Flows.Count).MaxBy(a => baseline.Flows[a])].SegmentId;
        var closed = data.Streets with { Arcs = [.. data.Streets.Arcs.Select(a => a.SegmentId == busiest ? a with { CapacityPerHour = 0 } : a)] };
        TrafficResult scenario = null!;
        var closure = Measure(() => scenario = TrafficAssignment.Assign(closed, demand));

        var tower = new BuildingFootprint("scenario:tower", [new(0, 0), new(25, 0), new(25, 25), new(0, 25)], 80, 25 * 25 * 26);
        var withTower = data.Buildings.Append(tower).ToArray();
        ShadowResult shadow = null!;
        var shadows = Measure(() => shadow = ShadowAnalysis.Compare(data.Buildings, withTower, new HashSet<string> { tower.Id }, new DateOnly(2026, 6, 21), data.Origin.Latitude, data.Origin.Longitude));

        var (cutEdge, _) = data.Power.Edges.Select(e => (e.Id, Lost: SupplyAnalysis.Cut(data.Power, new HashSet<string> { e.Id }).LostSupply.Count)).MaxBy(e => e.Lost);
        SupplyResult supply = null!;
        var cut = Measure(() => supply = SupplyAnalysis.Cut(data.Power, new HashSet<string> { cutEdge }));
        var kpi = KpiSummary.From(baseline, scenario, shadow, supply);

        Print($"Scenarios on Monaco: {data.Streets.Nodes.Count} street nodes, {data.Streets.Arcs.Count} arcs, {demand.Count} OD pairs ({demand.Sum(d => d.TripsPerHour):0} trips/h), {data.Buildings.Count} buildings, {data.Power.Edges.Count} power edges, median of {Runs}:");
        Print($"  one Dijkstra tree (reference)        {dijkstra * 1000,8:0.0} ms");
        Print($"  baseline assignment (reference)      {assign * 1000,8:0.0} ms  ({baseline.Iterations} iterations, gap {baseline.RelativeGap:0.0000}, mean trip {baseline.MeanTripSeconds:0.0} s)");
        Print($"  closure of {busiest} re-assigned {closure * 1000,8:0.0} ms  ({closure / assign:0.00}x baseline; mean trip {scenario.MeanTripSeconds:0.0} s, unrouted {scenario.UnroutedTripsPerHour:0} trips/h)  target < 1000 ms");
        Print($"  hourly shadows, 80 m tower, 21 June  {shadows * 1000,8:0.0} ms  ({shadows / dijkstra:0}x a Dijkstra; {shadow.GroundCells} cells, {shadow.AreaLosingSun:0} m² lose sun)  target < 2000 ms");
        Print($"  power cut of {cutEdge}       {cut * 1000,8:0.00} ms  ({supply.LostSupply.Count} buildings lose supply)  target < 100 ms");
        Print($"  KPI: {kpi}");
        return Task.CompletedTask;
    }

    private static void OneDijkstra(StreetNetwork network)
    {
        var graph = new AdjacencyGraph<int, TaggedEdge<int, int>>(true, network.Nodes.Count, -1);
        graph.AddVertexRange(Enumerable.Range(0, network.Nodes.Count));
        for (var a = 0; a < network.Arcs.Count; a++)
        {
            graph.AddEdge(new TaggedEdge<int, int>(network.Arcs[a].From, network.Arcs[a].To, a));
        }

        new DijkstraShortestPathAlgorithm<int, TaggedEdge<int, int>>(graph, e => network.Arcs[e.Tag].FreeFlowSeconds).Compute(network.Arcs[0].From);
    }

    private static double Measure(Action action)
    {
        action();
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times.Add(clock.Elapsed.TotalSeconds);
        }

        times.Sort();
        return times[Runs / 2];
    }

    private static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
