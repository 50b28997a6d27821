using TwinCity.Models.Scenarios;
using TwinCity.Silo.Scenarios.Analysis;

namespace TwinCity.Silo.Scenarios.Baseline;

/// <summary>The analyses of a scenario against this baseline.</summary>
public sealed partial class ScenarioBaseline
{
    /// <summary>
    /// Smallest change of a segment's flow reported per entity, vehicles/h: a closure nudges flows all over
    /// the city by a vehicle or two (assignment noise a viewer should not colour), and listing them tripled the analysis.
    /// </summary>
    public const double MinFlowChange = 5;

    /// <summary>Smallest change of a segment's travel time reported per entity, seconds.</summary>
    public const double MinTimeChange = 1;

    /// <summary>Runs the traffic, shadow and supply analyses that <paramref name="interventions"/> call for.</summary>
    public ScenarioAnalysis Analyse(string scenarioId, long cityVersion, IReadOnlyList<Intervention> interventions, DateOnly shadowDate, DateTimeOffset? shadowTime, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(interventions);
        var notes = new List<string>();
        // A scenario outlives the city version it was drawn on (a restart re-imports the city): what this version lacks is left out, and said.
        var added = interventions.Where(i => i.Kind == "add-building").Select(i => i.TargetId).ToHashSet(StringComparer.Ordinal);
        var known = interventions.Where(i => Applies(i, added)).ToList();
        notes.AddRange(interventions.Except(known).Select(i => $"intervention {i.Kind} on {i.TargetId}: not in city version {cityVersion}, left out"));
        var edits = ScenarioEdits.Of(known);
        var kpis = new List<KpiValue>();
        var differences = new List<EntityDifference>();
        var scenarioBuildings = ScenarioBuildings(edits);
        var (baseTraffic, traffic) = Traffic(edits, scenarioBuildings, kpis, differences, notes);
        var shadow = Shadows(edits, scenarioBuildings, shadowDate, shadowTime, kpis, differences);
        var supply = Supply(edits, kpis, differences, notes);
        foreach (var id in edits.ChangedBuildings.Order(StringComparer.Ordinal))
        {
            var before = _buildings.TryGetValue(id, out var b) ? b.Height : 0;
            var after = edits.Added.TryGetValue(id, out var a) ? a.Height : edits.Removed.Contains(id) ? 0 : edits.Heights.GetValueOrDefault(id, before);
            differences.Add(new EntityDifference(id, "height", before, after));
        }

        var losingSun = differences.Where(d => d.Metric == "roof_sun_hours" && d.Scenario < d.Baseline).Select(d => d.EntityId);
        var summary = KpiSummary.From(baseTraffic, traffic, shadow, supply, edits.ChangedBuildings.Concat(losingSun));
        kpis.Insert(0, new KpiValue("affected_buildings", "Buildings changed, losing roof sun or losing supply", "buildings", 0, summary.AffectedBuildings));
        kpis.Add(new KpiValue("floor_area", "Gross floor area", "m²", Buildings.Sum(b => b.FloorArea), scenarioBuildings.Sum(b => b.FloorArea)));
        kpis.Add(new KpiValue("green_area", "Green area added", "m²", 0, edits.GreenAreas.Values.Sum(ScenarioEdits.Area)));
        if (edits.Thresholds.Count > 0)
        {
            notes.Add($"{edits.Thresholds.Count} sensor threshold change(s): no analysis depends on them");
        }

        return new ScenarioAnalysis(scenarioId, cityVersion, now, shadowDate, shadowTime, kpis, differences, notes);
    }

    private bool Applies(Intervention i, HashSet<string> added) => i.Kind switch
    {
        "close-street" or "open-street" or "street-speed" or "street-lanes" => HasStreet(i.TargetId),
        "cut-edge" or "restore-edge" => HasUtilityEdge(i.TargetId),
        "building-height" or "remove-building" => HasBuilding(i.TargetId) || added.Contains(i.TargetId),
        _ => true,
    };

    private (TrafficResult? Baseline, TrafficResult? Scenario) Traffic(
        ScenarioEdits edits, IReadOnlyList<BuildingFootprint> scenarioBuildings, List<KpiValue> kpis, List<EntityDifference> differences, List<string> notes)
    {
        var baseline = BaselineTraffic;
        if (baseline is null)
        {
            notes.Add("traffic not analysed: the city has no routable street graph (street segments without intersections, or none)");
            return (null, null);
        }

        var demandChanges = edits.ChangedBuildings.Count > 0;
        var network = edits.ChangesStreets ? Network(edits) : Streets;
        // Demand is always loaded on the baseline graph's nodes: a closure then leaves trips unrouted rather than moving them.
        var demand = demandChanges ? DemandModel.FromBuildings(Streets, scenarioBuildings) : BaselineDemand;
        var scenario = edits.ChangesStreets || demandChanges ? TrafficAssignment.Assign(network, demand) : baseline;
        kpis.Add(new KpiValue("mean_trip", "Mean trip time (peak hour)", "s", baseline.MeanTripSeconds, scenario.MeanTripSeconds));
        kpis.Add(new KpiValue("unrouted_trips", "Trips without a route", "trips/h", baseline.UnroutedTripsPerHour, scenario.UnroutedTripsPerHour));
        kpis.Add(new KpiValue("vehicle_hours", "Vehicle hours travelled (peak hour)", "h", VehicleHours(baseline), VehicleHours(scenario)));
        kpis.Add(new KpiValue("trips", "Car trips (peak hour)", "trips/h", BaselineDemand.Sum(d => d.TripsPerHour), demand.Sum(d => d.TripsPerHour)));
        if (!ReferenceEquals(scenario, baseline))
        {
            differences.AddRange(SegmentDifferences(network, baseline, scenario));
        }

        return (baseline, scenario);
    }

    // Per segment: flow of both directions together and mean travel time of its directions (closed: flow 0, time left out).
    private IEnumerable<EntityDifference> SegmentDifferences(StreetNetwork network, TrafficResult baseline, TrafficResult scenario)
    {
        var segments = new Dictionary<string, (double FlowBefore, double FlowAfter, double TimeBefore, double TimeAfter, int Arcs)>(StringComparer.Ordinal);
        for (var a = 0; a < network.Arcs.Count; a++)
        {
            // Streets and network list the same arcs in the same order: both are built by Network().
            var s = segments.GetValueOrDefault(network.Arcs[a].SegmentId);
            segments[network.Arcs[a].SegmentId] = (s.FlowBefore + baseline.Flows[a], s.FlowAfter + scenario.Flows[a],
                s.TimeBefore + baseline.TravelSeconds[a], s.TimeAfter + scenario.TravelSeconds[a], s.Arcs + 1);
        }

        foreach (var (id, s) in segments.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (Math.Abs(s.FlowAfter - s.FlowBefore) >= MinFlowChange)
            {
                yield return new EntityDifference(id, "traffic_flow", Math.Round(s.FlowBefore, 1), Math.Round(s.FlowAfter, 1));
            }

            var (before, after) = (s.TimeBefore / s.Arcs, s.TimeAfter / s.Arcs);
            if (double.IsFinite(after) && Math.Abs(after - before) >= MinTimeChange)
            {
                yield return new EntityDifference(id, "travel_time", Math.Round(before, 1), Math.Round(after, 1));
            }
        }
    }

    private ShadowResult? Shadows(ScenarioEdits edits, IReadOnlyList<BuildingFootprint> scenarioBuildings, DateOnly date, DateTimeOffset? time, List<KpiValue> kpis, List<EntityDifference> differences)
    {
        var changed = edits.ChangedBuildings;
        if (changed.Count == 0)
        {
            return null;
        }

        IReadOnlyList<DateTimeOffset> instants = time is { } at ? [at] : [.. Enumerable.Range(0, 24).Select(h => new DateTimeOffset(date.ToDateTime(new TimeOnly(h, 30)), TimeSpan.Zero))];
        var shadow = ShadowAnalysis.CompareAt(Buildings, scenarioBuildings, changed, instants, City.Latitude, City.Longitude);
        var cellArea = shadow.CellSize * shadow.CellSize;
        kpis.Add(new KpiValue("sunlit_ground", "Sunlit ground around the changed buildings", "m²·h", shadow.SunHoursBefore * cellArea, shadow.SunHoursAfter * cellArea));
        kpis.Add(new KpiValue("ground_losing_sun", "Ground losing sun", "m²", 0, shadow.AreaLosingSun));
        kpis.Add(new KpiValue("ground_gaining_sun", "Ground gaining sun", "m²", 0, shadow.AreaGainingSun));

        // Roofs of the neighbours that stay, before and after: what the change takes from each of them.
        var suns = instants.Select(t => SolarPosition.At(t, City.Latitude, City.Longitude)).ToArray();
        var reach = Reach(Buildings.Where(b => changed.Contains(b.Id)).Concat(edits.Added.Values));
        var neighbours = Buildings.Where(b => !edits.Removed.Contains(b.Id) && reach.Contains(b.Centre.X, b.Centre.Y)).Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        var before = RoofSunlight.Hours(Buildings, Buildings.Where(b => neighbours.Contains(b.Id)), suns);
        var after = RoofSunlight.Hours(scenarioBuildings, scenarioBuildings.Where(b => neighbours.Contains(b.Id)), suns);
        var losing = 0;
        foreach (var id in neighbours.Order(StringComparer.Ordinal))
        {
            if (before[id] != after[id])
            {
                differences.Add(new EntityDifference(id, "roof_sun_hours", before[id], after[id]));
                losing += after[id] < before[id] ? 1 : 0;
            }
        }

        kpis.Add(new KpiValue("roofs_losing_sun", "Neighbouring roofs losing direct sun", "buildings", 0, losing));
        return shadow;
    }

    private static NetTopologySuite.Geometries.Envelope Reach(IEnumerable<BuildingFootprint> changed)
    {
        var box = new NetTopologySuite.Geometries.Envelope();
        foreach (var p in changed.SelectMany(b => b.Footprint))
        {
            box.ExpandToInclude(p.X, p.Y);
        }

        box.ExpandBy(ShadowAnalysis.DefaultMaxReach);
        return box;
    }

    private SupplyResult? Supply(ScenarioEdits edits, List<KpiValue> kpis, List<EntityDifference> differences, List<string> notes)
    {
        if (edits.Cut.Count == 0)
        {
            return null;
        }

        foreach (var kind in edits.Cut.Select(id => _edges[id].Kind).Where(k => k != "power").Distinct(StringComparer.Ordinal))
        {
            notes.Add($"supply not analysed for the {kind} network: the city's data maps no source for it (only power substations are known)");
        }

        if (Power.Sources.Count == 0)
        {
            notes.Add("supply not analysed for the power network: no substation is within " + MaxSupplyDistance + " m of a power line");
            return null;
        }

        var supplied = _suppliedNodes.Value;
        var after = SupplyAnalysis.Reachable(Power, e => !edits.Cut.Contains(e.Id));
        var lost = Power.BuildingNodes.Where(b => supplied.Contains(b.Value) && !after.Contains(b.Value)).Select(b => b.Key).Order(StringComparer.Ordinal).ToList();
        var before = Power.BuildingNodes.Count(b => supplied.Contains(b.Value));
        kpis.Add(new KpiValue("buildings_supplied", "Buildings supplied with power", "buildings", before, before - lost.Count));
        differences.AddRange(lost.Select(id => new EntityDifference(id, "supplied", 1, 0)));
        return new SupplyResult(lost, Power.BuildingNodes.Count - before);
    }

    private static double VehicleHours(TrafficResult result)
    {
        var seconds = 0.0;
        for (var a = 0; a < result.Flows.Count; a++)
        {
            seconds += result.Flows[a] > 0 ? result.Flows[a] * result.TravelSeconds[a] : 0;
        }

        return seconds / 3600;
    }
}
