using System.Globalization;
using System.IO.Hashing;
using System.Text;
using TwinCity.Models.Entities;
using TwinCity.Models.Metrics;

namespace TwinCity.Silo.Simulation;

/// <summary>What the simulator knows of a street segment or utility node: the metric it simulates, its scale and a stable personality.</summary>
/// <param name="Id">Entity id.</param>
/// <param name="Metric">The metric simulated (<c>traffic_flow</c>, <c>pressure_bar</c> or <c>load_pct</c>).</param>
/// <param name="Scale">Peak vehicles per hour for a segment; nominal pressure in bar for a pipe node; a load factor for a power node.</param>
/// <param name="Factor">Intensity factor (0.8 to 1.2), stable per entity.</param>
/// <param name="HourShift">Shift of its daily cycle in hours (-0.5 to 0.5), stable per entity.</param>
public sealed record SimulatedNetworkElement(string Id, MetricDefinition Metric, double Scale, double Factor, double HourShift)
{
    /// <summary>
    /// The simulated element for an entity, or null when nothing is simulated for it: streets closed to motor
    /// traffic, utility edges (their nodes report), nodes of a network with no metric here (oil...).
    /// </summary>
    public static SimulatedNetworkElement? From(NetworkEntityInfo info)
    {
        var hash = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(info.Id));
        var factor = 0.8 + (0.4 * (hash & 0xFFFF) / 65535.0);
        var shift = ((hash >> 16) / 65535.0) - 0.5;
        var attributes = info.Attributes;
        switch (info.Kind)
        {
            case NetworkEntityKinds.StreetSegment:
                // A segment from a traffic authority (Cologne) has no OSM class: it is a main road.
                var highway = attributes.GetValueOrDefault("highway") ?? "primary";
                if (!IsMotorRoad(highway))
                {
                    return null;
                }

                var lanes = int.TryParse(attributes.GetValueOrDefault("lanes"), NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l > 0
                    ? l
                    : TrafficProfile.DefaultLanes(highway, attributes.GetValueOrDefault("oneway") is "yes" or "-1");
                return new(info.Id, MetricCatalog.TrafficFlow, TrafficProfile.PeakFlowPerLane(highway) * lanes, factor, shift);
            case NetworkEntityKinds.UtilityNode:
                var network = attributes.GetValueOrDefault("network") ?? string.Empty;
                return network.Contains("gas", StringComparison.Ordinal) ? new(info.Id, MetricCatalog.PressureBar, 4, factor, shift)
                    : network.Contains("water", StringComparison.Ordinal) ? new(info.Id, MetricCatalog.PressureBar, 3.5, factor, shift)
                    : network.Contains("power", StringComparison.Ordinal) ? new(info.Id, MetricCatalog.LoadPct, 1, factor, shift)
                    : null;
            case NetworkEntityKinds.Substation:
                return new(info.Id, MetricCatalog.LoadPct, 1, factor, shift);
            default:
                return null;
        }
    }

    private static bool IsMotorRoad(string highway) => highway is "motorway" or "motorway_link" or "trunk" or "trunk_link" or "primary" or "primary_link"
        or "secondary" or "secondary_link" or "tertiary" or "tertiary_link" or "unclassified" or "residential" or "living_street" or "service";
}
