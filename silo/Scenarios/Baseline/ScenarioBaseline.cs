using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using TwinCity.Silo.Scenarios.Analysis;

namespace TwinCity.Silo.Scenarios.Baseline;

/// <summary>
/// A city's <see cref="CityBaseline"/> prepared once for scenarios: buildings indexed by id and by place,
/// the routable street graph with its trip demand, the power network with the buildings hung on it, and
/// the baseline traffic assignment (computed on first use, then kept). Validation and analyses of every
/// scenario on this city reuse it, so re-analysing a scenario costs only its own assignment.
/// </summary>
public sealed partial class ScenarioBaseline
{
    /// <summary>Furthest a building may be from a power node to count as connected to it, metres.</summary>
    public const double MaxSupplyDistance = 500;

    private readonly Dictionary<string, BuildingFootprint> _buildings;
    private readonly Dictionary<string, Polygon> _polygons;
    private readonly STRtree<string> _footprintIndex = new();
    private readonly Dictionary<string, BaselineStreet> _streets;
    private readonly Dictionary<string, int> _nodeIndex;
    private readonly Dictionary<string, BaselineUtilityEdge> _edges;
    private readonly Lazy<TrafficResult?> _baselineTraffic;
    private readonly Lazy<IReadOnlyList<TripDemand>> _baselineDemand;
    private readonly Lazy<HashSet<string>> _suppliedNodes;

    /// <summary>Prepares <paramref name="city"/>.</summary>
    public ScenarioBaseline(CityBaseline city, GeometryFactory geometry)
    {
        ArgumentNullException.ThrowIfNull(city);
        ArgumentNullException.ThrowIfNull(geometry);
        City = city;
        Geometry = geometry;
        Buildings = [.. city.Buildings.Select(b =>
        {
            var ring = ScenarioEdits.Ring(b.Ring);
            return new BuildingFootprint(b.Id, ring, b.Height, ScenarioEdits.FloorArea(ScenarioEdits.Area(ring), b.Height));
        })];
        _buildings = Buildings.ToDictionary(b => b.Id, StringComparer.Ordinal);
        _polygons = new Dictionary<string, Polygon>(StringComparer.Ordinal);
        foreach (var b in Buildings)
        {
            var polygon = Valid(ToPolygon(b.Footprint));
            _polygons[b.Id] = polygon;
            _footprintIndex.Insert(polygon.EnvelopeInternal, b.Id);
        }

        Extent = Buildings.Count > 0 ? new Envelope([.. Buildings.SelectMany(b => b.Footprint).Select(p => new Coordinate(p.X, p.Y))]) : new Envelope();
        _streets = city.Streets.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _nodeIndex = city.StreetNodes.Select((n, i) => (n.Id, i)).ToDictionary(n => n.Id, n => n.i, StringComparer.Ordinal);
        _edges = city.UtilityEdges.ToDictionary(e => e.Id, StringComparer.Ordinal);
        Streets = Network(new ScenarioEdits());
        Power = PowerNetwork(city);
        _baselineDemand = new(() => Streets.Arcs.Count == 0 ? [] : DemandModel.FromBuildings(Streets, Buildings));
        _baselineTraffic = new(() => Streets.Arcs.Count == 0 ? null : TrafficAssignment.Assign(Streets, _baselineDemand.Value));
        _suppliedNodes = new(() => SupplyAnalysis.Reachable(Power, _ => true));
    }

    /// <summary>The data it was prepared from.</summary>
    public CityBaseline City { get; }

    /// <summary>The geometry factory of the local frame.</summary>
    public GeometryFactory Geometry { get; }

    /// <summary>The baseline buildings.</summary>
    public IReadOnlyList<BuildingFootprint> Buildings { get; }

    /// <summary>The bounding box of the buildings (empty for a city without buildings).</summary>
    public Envelope Extent { get; }

    /// <summary>The routable street graph of the baseline (motor-vehicle segments with both ends known).</summary>
    public StreetNetwork Streets { get; }

    /// <summary>The power network, its substations as sources and each building on its nearest node.</summary>
    public SupplyNetwork Power { get; }

    /// <summary>Trip demand of the baseline buildings on the baseline street graph.</summary>
    public IReadOnlyList<TripDemand> BaselineDemand => _baselineDemand.Value;

    /// <summary>The baseline traffic assignment, or null without a routable street graph.</summary>
    public TrafficResult? BaselineTraffic => _baselineTraffic.Value;

    /// <summary>Whether the city has a building with this id.</summary>
    public bool HasBuilding(string id) => _buildings.ContainsKey(id);

    /// <summary>Whether the city has a street segment with this id.</summary>
    public bool HasStreet(string id) => _streets.ContainsKey(id);

    /// <summary>Whether the city has a utility edge with this id.</summary>
    public bool HasUtilityEdge(string id) => _edges.ContainsKey(id);

    /// <summary>The street graph with a scenario's closures, speeds and lanes.</summary>
    public StreetNetwork Network(ScenarioEdits edits)
    {
        ArgumentNullException.ThrowIfNull(edits);
        var nodes = City.StreetNodes.Select(n => new StreetNetworkNode(n.Id, n.X, n.Y)).ToArray();
        var arcs = new List<StreetArc>();
        foreach (var s in City.Streets)
        {
            if (!s.MotorVehicles || s.From is null || s.To is null || s.From == s.To
                || !_nodeIndex.TryGetValue(s.From, out var from) || !_nodeIndex.TryGetValue(s.To, out var to))
            {
                continue;
            }

            var oneway = s.Oneway != "no";
            var speed = edits.Speeds.TryGetValue(s.Id, out var v) ? v : RoadDefaults.FreeSpeedKmh(s.Highway, s.MaxSpeedKmh);
            var lanes = edits.Lanes.TryGetValue(s.Id, out var l) ? l : s.Lanes;
            var capacity = edits.Closed.Contains(s.Id) ? 0 : RoadDefaults.CapacityPerHour(s.Highway, lanes, oneway);
            if (s.Oneway != "-1")
            {
                arcs.Add(new StreetArc(s.Id, from, to, s.LengthMetres, speed, capacity));
            }

            if (s.Oneway != "yes")
            {
                arcs.Add(new StreetArc(s.Id, to, from, s.LengthMetres, speed, capacity));
            }
        }

        return new StreetNetwork(nodes, arcs);
    }

    /// <summary>The buildings of a scenario: the baseline's minus removed ones, with new heights, plus added ones.</summary>
    public IReadOnlyList<BuildingFootprint> ScenarioBuildings(ScenarioEdits edits)
    {
        ArgumentNullException.ThrowIfNull(edits);
        var list = new List<BuildingFootprint>(Buildings.Count + edits.Added.Count);
        foreach (var b in Buildings)
        {
            if (edits.Removed.Contains(b.Id))
            {
                continue;
            }

            list.Add(edits.Heights.TryGetValue(b.Id, out var h) ? b with { Height = h, FloorArea = ScenarioEdits.FloorArea(ScenarioEdits.Area(b.Footprint), h) } : b);
        }

        list.AddRange(edits.Added.Values);
        return list;
    }

    /// <summary>A ring as an NTS polygon (closed for it).</summary>
    public Polygon ToPolygon(IReadOnlyList<PlanePoint> ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        var coordinates = new Coordinate[ring.Count + 1];
        for (var k = 0; k < ring.Count; k++)
        {
            coordinates[k] = new Coordinate(ring[k].X, ring[k].Y);
        }

        coordinates[^1] = coordinates[0];
        return Geometry.CreatePolygon(coordinates);
    }

    // An outline the import kept may still touch itself once reduced to its largest ring; overlap tests need a valid one.
    private static Polygon Valid(Polygon polygon)
    {
        if (polygon.IsValid)
        {
            return polygon;
        }

        var repaired = NetTopologySuite.Geometries.Utilities.GeometryFixer.Fix(polygon);
        return Enumerable.Range(0, repaired.NumGeometries).Select(repaired.GetGeometryN).OfType<Polygon>().MaxBy(p => p.Area) ?? polygon;
    }

    private static SupplyNetwork PowerNetwork(CityBaseline city)
    {
        var edges = city.UtilityEdges.Where(e => e.Kind == "power").ToArray();
        var used = edges.SelectMany(e => new[] { e.From, e.To }).ToHashSet(StringComparer.Ordinal);
        var nodes = new NearestPoints(city.UtilityNodes.Where(n => used.Contains(n.Id)), MaxSupplyDistance);
        var sources = city.Substations.Select(s => nodes.Nearest(s.X, s.Y)).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var attached = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var b in city.Buildings)
        {
            var ring = ScenarioEdits.Ring(b.Ring);
            var centre = new BuildingFootprint(b.Id, ring, b.Height, 0).Centre;
            if (nodes.Nearest(centre.X, centre.Y) is { } node)
            {
                attached[b.Id] = node;
            }
        }

        return new SupplyNetwork([.. edges.Select(e => new SupplyEdge(e.Id, e.From, e.To))], sources, attached);
    }
}
