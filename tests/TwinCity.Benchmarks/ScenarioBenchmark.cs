using System.Diagnostics;
using System.Globalization;
using QuikGraph;
using QuikGraph.Algorithms.ShortestPath;
using NetTopologySuite.Geometries;
using TwinCity.Models.Scenarios;
using TwinCity.Models.Storage;
using TwinCity.Silo.Scenarios.Analysis;
using TwinCity.Silo.Scenarios.Baseline;

namespace TwinCity.Benchmarks;

/// <summary>
/// Issue 7's three timings on Monaco: a street closure re-assigned, a day of hourly shadows for one
/// new tower, a power-network cut; against one Dijkstra tree and the baseline assignment measured
/// in the same run.
/// </summary>
internal static class ScenarioBenchmark
{
    private const int Runs = 5;

    public static async Task RunAsync()
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
        await ThroughServerAsync(data, busiest, tower, cutEdge, dijkstra, assign);
    }

    // The same three cases as POST /api/scenarios/{id}/analyse runs them: the city's baseline blob read
    // and prepared once per city (with its baseline assignment), then each scenario analysed against it.
    private static async Task ThroughServerAsync(MonacoScenarioData data, string busiest, BuildingFootprint tower, string cutEdge, double dijkstra, double assign)
    {
        var folder = Path.Combine(Path.GetTempPath(), "twincity-scenario-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var blobs = new LocalFolderBlobStore(folder);
            await CityBaselineStore.WriteAsync(blobs, 1, data.Baseline, CancellationToken.None);
            var geometry = new GeometryFactory();
            var read = MeasureAsync(() => CityBaselineStore.ReadAsync(blobs, 1, CancellationToken.None));
            ScenarioBaseline baseline = null!;
            var prepare = Measure(() => _ = (baseline = new ScenarioBaseline(data.Baseline, geometry)).BaselineTraffic);
            var date = new DateOnly(2026, 6, 21);
            var xy = tower.Footprint.SelectMany(p => new[] { p.X, p.Y }).ToArray();
            Intervention[] closure = [new("close-street", busiest, null, null)];
            Intervention[] newTower = [new("add-building", tower.Id, tower.Height, xy)];
            Intervention[] cut = [new("cut-edge", cutEdge, null, null)];
            ScenarioAnalysis closed = null!, towered = null!, cutOff = null!;
            var closureTime = Measure(() => closed = baseline.Analyse("bench", 1, closure, date, null, DateTimeOffset.UtcNow));
            var towerTime = Measure(() => towered = baseline.Analyse("bench", 1, newTower, date, null, DateTimeOffset.UtcNow));
            var cutTime = Measure(() => cutOff = baseline.Analyse("bench", 1, cut, date, null, DateTimeOffset.UtcNow));
            var check = Measure(() => baseline.Problem(newTower[0], closure));

            Print($"Through the server's scenario baseline (CityBaselineGrain: what POST /api/scenarios/{{id}}/analyse runs), median of {Runs}:");
            Print($"  baseline blob read (once per city)    {await read * 1000,8:0.0} ms");
            Print($"  baseline prepared + assigned (once)  {prepare * 1000,8:0.0} ms  ({prepare / assign:0.00}x the baseline assignment)");
            Print($"  street closure analysed              {closureTime * 1000,8:0.0} ms  ({closureTime / assign:0.00}x baseline assignment; {closed.Differences.Count} entity differences)  target < 1000 ms");
            Print($"  new 80 m tower analysed (day of hourly shadows + re-assignment for its trips) {towerTime * 1000,8:0.0} ms  ({towerTime / dijkstra:0}x a Dijkstra)  target < 2000 ms");
            Print($"  power cut analysed                   {cutTime * 1000,8:0.00} ms  ({cutOff.Differences.Count} buildings lose supply)  target < 100 ms");
            Print($"  add-building checked (footprint, overlaps) {check * 1000,8:0.00} ms");
            Print($"  closure KPIs: {string.Join("; ", closed.Kpis.Select(k => FormattableString.Invariant($"{k.Id} {k.Baseline:0.#} -> {k.Scenario:0.#} {k.Unit}")))}");
            Print($"  tower KPIs: {string.Join("; ", towered.Kpis.Select(k => FormattableString.Invariant($"{k.Id} {k.Baseline:0.#} -> {k.Scenario:0.#} {k.Unit}")))}");
            Print($"  analysis sizes as JSON: closure {System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(closed).Length / 1024.0:0.0} KiB, tower {System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(towered).Length / 1024.0:0.0} KiB");
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task<double> MeasureAsync<T>(Func<Task<T>> action)
    {
        await action();
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            times.Add(clock.Elapsed.TotalSeconds);
        }

        times.Sort();
        return times[Runs / 2];
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
