using NetTopologySuite.Geometries;
using TwinCity.Importers.Buildings;
using TwinCity.Importers.Geodesy;
using TwinCity.Importers.Networks;
using TwinCity.Importers.Osm;
using TwinCity.Importers.Sources;
using TwinCity.Models.Entities;
using TwinCity.Silo.Scenarios.Analysis;
using TwinCity.Silo.Scenarios.Baseline;

namespace TwinCity.Benchmarks;

/// <summary>
/// Monaco's real street graph, buildings and power network, read with the importers' readers and
/// turned into the analyses' plain records (the seam the silo keeps: it does not reference importers).
/// </summary>
internal sealed record MonacoScenarioData(GeoOrigin Origin, StreetNetwork Streets, IReadOnlyList<BuildingFootprint> Buildings, SupplyNetwork Power, CityBaseline Baseline)
{
    public static MonacoScenarioData Load()
    {
        var path = DataFolder.GetPath("osm/monaco-latest.osm.pbf");
        var networks = OsmNetworkReader.Read(path);
        var source = OsmPbfReader.Read(path);
        var origin = new GeoOrigin(networks.Streets.Nodes.Average(n => n.Latitude), networks.Streets.Nodes.Average(n => n.Longitude), 0);
        var frame = new LocalFrame(origin);
        var buildings = ToBuildings(source, frame);
        return new MonacoScenarioData(origin, ToStreets(networks.Streets, frame), buildings, ToPower(networks.Utilities, frame, buildings), ToBaseline(origin, networks, buildings, frame));
    }

    // What the web front end writes for the silo at a city switch (web/Apis/ScenarioBaselineWriter), from the same readers' output.
    private static CityBaseline ToBaseline(GeoOrigin origin, OsmNetworks networks, List<BuildingFootprint> buildings, LocalFrame frame)
    {
        BaselinePoint Point(string id, double longitude, double latitude)
        {
            var (x, y) = frame.ToLocal(longitude, latitude);
            return new BaselinePoint(id, x, y);
        }

        return new CityBaseline(
            origin.Latitude,
            origin.Longitude,
            [.. buildings.Select(b => new BaselineBuilding(b.Id, [.. b.Footprint.SelectMany(p => new[] { p.X, p.Y })], b.Height))],
            [.. networks.Streets.Nodes.Select(n => Point(n.Id, n.Longitude, n.Latitude))],
            [.. networks.Streets.Segments.Select(s => new BaselineStreet(s.Id, s.FromNodeId, s.ToNodeId, s.LengthMetres, s.Highway,
                s.Oneway switch { Oneway.Forward => "yes", Oneway.Backward => "-1", _ => "no" }, s.MaxSpeedKmh, s.Lanes, s.IsMotorVehicle))],
            [.. networks.Utilities.Nodes.Select(n => Point(n.Id, n.Longitude, n.Latitude))],
            [.. networks.Utilities.Edges.Select(e => new BaselineUtilityEdge(e.Id, e.FromNodeId, e.ToNodeId, e.Kind))],
            [.. networks.Utilities.Substations.Select(s => Point(s.Id, s.Longitude, s.Latitude))]);
    }

    private static StreetNetwork ToStreets(StreetGraph graph, LocalFrame frame)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var nodes = new List<StreetNetworkNode>();
        foreach (var n in graph.Nodes)
        {
            var (x, y) = frame.ToLocal(n.Longitude, n.Latitude);
            index[n.Id] = nodes.Count;
            nodes.Add(new StreetNetworkNode(n.Id, x, y));
        }

        var arcs = new List<StreetArc>();
        foreach (var s in graph.Segments.Where(s => s.IsMotorVehicle && s.FromNodeId != s.ToNodeId))
        {
            var speed = RoadDefaults.FreeSpeedKmh(s.Highway, s.MaxSpeedKmh);
            var capacity = RoadDefaults.CapacityPerHour(s.Highway, s.Lanes, s.Oneway != Oneway.No);
            var (from, to) = (index[s.FromNodeId], index[s.ToNodeId]);
            if (s.Oneway != Oneway.Backward)
            {
                arcs.Add(new StreetArc(s.Id, from, to, s.LengthMetres, speed, capacity));
            }

            if (s.Oneway != Oneway.Forward)
            {
                arcs.Add(new StreetArc(s.Id, to, from, s.LengthMetres, speed, capacity));
            }
        }

        return new StreetNetwork(nodes, arcs);
    }

    private static List<BuildingFootprint> ToBuildings(SourceReadResult source, LocalFrame frame)
    {
        var heights = new BuildingHeights(new HeightSettings());
        var buildings = new List<BuildingFootprint>(source.Buildings.Count);
        foreach (var b in source.Buildings)
        {
            var polygon = (Polygon)b.Footprint.Geometries.MaxBy(g => g.Area)!;
            var ring = polygon.ExteriorRing.Coordinates[..^1].Select(c => frame.ToLocal(c.X, c.Y)).Select(p => new PlanePoint(p.East, p.North)).ToArray();
            var height = heights.Resolve(b.Tags).Height;
            var area = Math.Abs(Enumerable.Range(0, ring.Length).Sum(i => (ring[i].X * ring[(i + 1) % ring.Length].Y) - (ring[(i + 1) % ring.Length].X * ring[i].Y)) / 2);
            buildings.Add(new BuildingFootprint(b.Id, ring, height, area * Math.Max(1, Math.Round(height / HeightSettings.DefaultStoreyHeight))));
        }

        return buildings;
    }

    // Buildings hang on the nearest power node; substations feed the power node nearest them.
    private static SupplyNetwork ToPower(UtilityNetwork network, LocalFrame frame, List<BuildingFootprint> buildings)
    {
        var edges = network.Edges.Where(e => e.Kind == "power").ToArray();
        var used = edges.SelectMany(e => new[] { e.FromNodeId, e.ToNodeId }).ToHashSet(StringComparer.Ordinal);
        var nodes = network.Nodes.Where(n => used.Contains(n.Id)).Select(n => (n.Id, P: frame.ToLocal(n.Longitude, n.Latitude))).ToArray();
        string Nearest(double x, double y) => nodes.MinBy(n => ((n.P.East - x) * (n.P.East - x)) + ((n.P.North - y) * (n.P.North - y))).Id;
        var sources = network.Substations.Select(s => frame.ToLocal(s.Longitude, s.Latitude)).Select(p => Nearest(p.East, p.North)).Distinct().ToArray();
        var attached = buildings.ToDictionary(b => b.Id, b => Nearest(b.Centre.X, b.Centre.Y), StringComparer.Ordinal);
        return new SupplyNetwork([.. edges.Select(e => new SupplyEdge(e.Id, e.FromNodeId, e.ToNodeId))], sources, attached);
    }
}
