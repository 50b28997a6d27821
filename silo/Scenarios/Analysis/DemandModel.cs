namespace TwinCity.Silo.Scenarios.Analysis;

/// <summary>
/// Peak-hour car trips from building floor area: buildings are grouped into square zones, each zone
/// produces and attracts trips in proportion to its floor area, and a zone's productions go to the
/// other zones in proportion to their attractions (a singly-constrained gravity model with no
/// distance term, enough for a city the size of Monaco). Each zone is loaded at the street node
/// nearest its floor-area-weighted centre.
/// </summary>
public static class DemandModel
{
    /// <summary>Peak-hour car trips produced per m² of floor area (one car trip per 500 m² in the peak hour).</summary>
    public const double DefaultTripsPerSquareMetre = 0.002;

    /// <summary>Side of a zone in metres.</summary>
    public const double DefaultZoneSize = 250;

    /// <summary>Builds the origin–destination demand.</summary>
    public static IReadOnlyList<TripDemand> FromBuildings(
        StreetNetwork network, IEnumerable<BuildingFootprint> buildings, double zoneSize = DefaultZoneSize, double tripsPerSquareMetre = DefaultTripsPerSquareMetre)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(buildings);
        var zones = new Dictionary<(long, long), (double Area, double X, double Y)>();
        foreach (var b in buildings)
        {
            var c = b.Centre;
            var key = ((long)Math.Floor(c.X / zoneSize), (long)Math.Floor(c.Y / zoneSize));
            var z = zones.GetValueOrDefault(key);
            zones[key] = (z.Area + b.FloorArea, z.X + (c.X * b.FloorArea), z.Y + (c.Y * b.FloorArea));
        }

        var loaded = LoadingNodes(network);
        var points = zones.Values.Where(z => z.Area > 0)
            .Select(z => (Node: Nearest(network, loaded, z.X / z.Area, z.Y / z.Area), z.Area))
            .GroupBy(z => z.Node).Select(g => (Node: g.Key, Area: g.Sum(z => z.Area))).Where(z => z.Node >= 0).ToArray();
        var totalArea = points.Sum(p => p.Area);
        var demand = new List<TripDemand>(points.Length * points.Length);
        foreach (var origin in points)
        {
            var others = totalArea - origin.Area;
            if (others <= 0)
            {
                continue;
            }

            var produced = origin.Area * tripsPerSquareMetre;
            foreach (var destination in points)
            {
                if (destination.Node != origin.Node)
                {
                    demand.Add(new TripDemand(origin.Node, destination.Node, produced * destination.Area / others));
                }
            }
        }

        return demand;
    }

    // Nodes a car can both leave and reach: an arc in and an arc out.
    private static bool[] LoadingNodes(StreetNetwork network)
    {
        var into = new bool[network.Nodes.Count];
        var outOf = new bool[network.Nodes.Count];
        foreach (var arc in network.Arcs)
        {
            if (arc.CapacityPerHour > 0)
            {
                outOf[arc.From] = true;
                into[arc.To] = true;
            }
        }

        return [.. into.Select((v, i) => v && outOf[i])];
    }

    private static int Nearest(StreetNetwork network, bool[] allowed, double x, double y)
    {
        var best = -1;
        var bestDistance = double.PositiveInfinity;
        for (var i = 0; i < network.Nodes.Count; i++)
        {
            if (!allowed[i])
            {
                continue;
            }

            var n = network.Nodes[i];
            var d = ((n.X - x) * (n.X - x)) + ((n.Y - y) * (n.Y - y));
            if (d < bestDistance)
            {
                (best, bestDistance) = (i, d);
            }
        }

        return best;
    }
}
