using System.Globalization;
using NetTopologySuite.Geometries;
using TwinCity.Importers.Networks;
using TwinCity.Models.Entities;

namespace TwinCity.Importers.Layers;

/// <summary>Turns the street graph and utility networks read from OpenStreetMap into drawable entities with their source attributes.</summary>
public static class NetworkFeatures
{
    /// <summary>Width of one traffic lane, metres (a typical urban lane).</summary>
    public const double LaneWidth = 3.25;

    /// <summary>Drawn width of a power line, cable or pipeline, metres: wide enough to see and pick, not a scale drawing.</summary>
    public const float UtilityWidth = 1.5f;

    /// <summary>Side of the square drawn for a utility node or substation, metres.</summary>
    public const float NodeSide = 4f;

    /// <summary>Every street segment, with its width from <c>lanes</c>, else from its class.</summary>
    public static List<NetworkFeature> Streets(StreetGraph streets) =>
        [.. streets.Segments.Select(s => new NetworkFeature(s.Id, NetworkEntityKinds.StreetSegment, s.Name, s.LengthMetres, StreetAttributes(s), [Line(s.Geometry)], (float)Width(s.Highway, s.Lanes)))];

    /// <summary>Every utility edge, node and substation.</summary>
    public static List<NetworkFeature> Utilities(UtilityNetwork network)
    {
        var kinds = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var edge in network.Edges)
        {
            foreach (var node in new[] { edge.FromNodeId, edge.ToNodeId })
            {
                (kinds.TryGetValue(node, out var set) ? set : kinds[node] = new SortedSet<string>(StringComparer.Ordinal)).Add(edge.Kind);
            }
        }

        var features = new List<NetworkFeature>(network.Edges.Count + network.Nodes.Count + network.Substations.Count);
        features.AddRange(network.Edges.Select(e => new NetworkFeature(e.Id, NetworkEntityKinds.UtilityEdge, e.Tags.GetValueOrDefault("name"), e.LengthMetres, EdgeAttributes(e), [Line(e.Geometry)], UtilityWidth)));
        features.AddRange(network.Nodes.Select(n => new NetworkFeature(n.Id, NetworkEntityKinds.UtilityNode, null, 0,
            new Dictionary<string, string> { ["network"] = string.Join(';', kinds.GetValueOrDefault(n.Id) ?? []) }, [[(n.Longitude, n.Latitude)]], NodeSide)));
        // A substation mapped as a node can also be a line end: it is then one entity, the substation.
        features.RemoveAll(f => f.Kind == NetworkEntityKinds.UtilityNode && network.Substations.Any(s => s.Id == f.Id));
        features.AddRange(network.Substations.Select(s => new NetworkFeature(SubstationEntityId(s.Id), NetworkEntityKinds.Substation, s.Tags.GetValueOrDefault("name"), 0,
            new Dictionary<string, string>(s.Tags), [[(s.Longitude, s.Latitude)]], NodeSide * 2)));
        return features;
    }

    /// <summary>
    /// The twin entity id of a substation. One mapped as a closed way is often the outline of a building
    /// too (the OSM way carries both tags), and that building already is the entity <c>osm:way/123</c>:
    /// the substation becomes <c>osm:way/123#substation</c>, so every entity id stays unique.
    /// </summary>
    public static string SubstationEntityId(string osmId) => osmId.StartsWith("osm:way/", StringComparison.Ordinal) ? osmId + "#substation" : osmId;

    /// <summary>Drawn width: lanes × <see cref="LaneWidth"/> when tagged, else a typical width for the class.</summary>
    public static double Width(string highway, int? lanes) => lanes is > 0
        ? lanes.Value * LaneWidth
        : highway switch
        {
            "motorway" or "trunk" => 4 * LaneWidth,
            "primary" or "secondary" => 3 * LaneWidth,
            "tertiary" or "residential" or "unclassified" or "living_street" or "motorway_link" or "trunk_link" or "primary_link" or "secondary_link" or "tertiary_link" => 2 * LaneWidth,
            "service" => LaneWidth,
            _ => 2,
        };

    private static (double Longitude, double Latitude)[] Line(LineString line)
    {
        var sequence = line.CoordinateSequence;
        var points = new (double, double)[sequence.Count];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = (sequence.GetX(i), sequence.GetY(i));
        }

        return points;
    }

    private static Dictionary<string, string> StreetAttributes(StreetSegment s)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["highway"] = s.Highway,
            ["oneway"] = s.Oneway switch { Oneway.Forward => "yes", Oneway.Backward => "-1", _ => "no" },
            ["way"] = s.WayId,
            ["from"] = s.FromNodeId,
            ["to"] = s.ToNodeId,
            ["length_m"] = s.LengthMetres.ToString("0.0", CultureInfo.InvariantCulture),
        };
        Put(attributes, "name", s.Name);
        Put(attributes, "maxspeed", s.MaxSpeedTag);
        Put(attributes, "maxspeed_kmh", s.MaxSpeedKmh?.ToString(CultureInfo.InvariantCulture));
        Put(attributes, "lanes", s.Lanes?.ToString(CultureInfo.InvariantCulture));
        Put(attributes, "surface", s.Tags.GetValueOrDefault("surface"));
        return attributes;
    }

    private static Dictionary<string, string> EdgeAttributes(UtilityEdge e)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["network"] = e.Kind,
            ["way"] = e.WayId,
            ["from"] = e.FromNodeId,
            ["to"] = e.ToNodeId,
            ["length_m"] = e.LengthMetres.ToString("0.0", CultureInfo.InvariantCulture),
        };
        Put(attributes, "voltage", e.Voltage);
        Put(attributes, "operator", e.Operator);
        Put(attributes, "location", e.Location);
        Put(attributes, "substance", e.Tags.GetValueOrDefault("substance"));
        Put(attributes, "power", e.Tags.GetValueOrDefault("power"));
        Put(attributes, "man_made", e.Tags.GetValueOrDefault("man_made"));
        return attributes;
    }

    private static void Put(Dictionary<string, string> attributes, string key, string? value)
    {
        if (value is { Length: > 0 })
        {
            attributes[key] = value;
        }
    }
}
