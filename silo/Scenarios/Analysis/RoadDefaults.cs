namespace TwinCity.Silo.Scenarios.Analysis;

/// <summary>
/// Free speed and capacity of a street from its OpenStreetMap class when the tags do not say:
/// urban defaults (per lane, per direction), in the range of the HCM's urban street capacities.
/// </summary>
public static class RoadDefaults
{
    /// <summary>Vehicles per hour per lane on an arterial; smaller classes scale it down.</summary>
    public const double DefaultLaneCapacity = 900;

    /// <summary>Free speed in km/h: the tagged maximum speed, else the class default.</summary>
    public static double FreeSpeedKmh(string highway, double? maxSpeedKmh) =>
        maxSpeedKmh is > 0 ? maxSpeedKmh.Value : highway switch
        {
            "motorway" or "motorway_link" or "trunk" or "trunk_link" => 70,
            "primary" or "primary_link" or "secondary" or "secondary_link" => 50,
            "tertiary" or "tertiary_link" or "unclassified" => 40,
            "living_street" => 20,
            "service" => 20,
            _ => 30,
        };

    /// <summary>Capacity in vehicles per hour for one direction.</summary>
    /// <param name="highway">The <c>highway</c> class.</param>
    /// <param name="lanes">The <c>lanes</c> tag (both directions together), if any.</param>
    /// <param name="oneway">Whether the street is one-way (then all lanes go one way).</param>
    public static double CapacityPerHour(string highway, int? lanes, bool oneway)
    {
        var perLane = highway switch
        {
            "motorway" or "motorway_link" or "trunk" or "trunk_link" => 1800,
            "primary" or "primary_link" or "secondary" or "secondary_link" => DefaultLaneCapacity,
            "tertiary" or "tertiary_link" or "unclassified" => 700,
            _ => 500,
        };
        var directionLanes = lanes is > 0 ? (oneway ? lanes.Value : Math.Max(1, lanes.Value / 2)) : 1;
        return perLane * directionLanes;
    }
}
