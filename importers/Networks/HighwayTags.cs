using System.Collections.Frozen;
using System.Globalization;

namespace TwinCity.Importers.Networks;

/// <summary>
/// How the street graph reads OpenStreetMap highway tags: which classes motor vehicles use, the
/// direction of travel, speed limits and lane counts. Values it cannot read become null (or
/// <see cref="Networks.Oneway.No"/>), never a guess; the raw tags stay on every segment.
/// </summary>
public static class HighwayTags
{
    private const double KilometresPerMile = 1.609344;
    private const double KilometresPerNauticalMile = 1.852;

    // The road classes general-purpose car routers (OSRM's car profile, for one) drive on. Left out:
    // track (farm and forest roads), raceway (a circuit, not a street), busway, construction, and
    // everything for people on foot or bicycles (footway, steps, path, pedestrian, cycleway,
    // platform, corridor, elevator, bridleway).
    private static readonly FrozenSet<string> MotorVehicleClasses = FrozenSet.Create(
        StringComparer.Ordinal,
        "motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary", "secondary_link",
        "tertiary", "tertiary_link", "unclassified", "residential", "living_street", "service");

    /// <summary>Whether a way of class <paramref name="highway"/> (the <c>highway</c> value) is for motor vehicles.</summary>
    public static bool IsMotorVehicle(string highway) => MotorVehicleClasses.Contains(highway);

    /// <summary>
    /// The direction of travel: <c>oneway=yes|true|1</c> forward, <c>-1|reverse</c> backward,
    /// <c>no|false|0</c> both; without a readable <c>oneway</c>, forward on roundabouts
    /// (<c>junction=roundabout|circular</c>) and motorways, where OSM implies it, and both otherwise.
    /// </summary>
    public static Oneway Oneway(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        switch (tags.GetValueOrDefault("oneway"))
        {
            case "yes" or "true" or "1":
                return Networks.Oneway.Forward;
            case "-1" or "reverse":
                return Networks.Oneway.Backward;
            case "no" or "false" or "0":
                return Networks.Oneway.No;
            default:
                // Absent, or a value such as "reversible" (direction changes by the hour): the
                // road's own nature decides.
                var implied = tags.GetValueOrDefault("junction") is "roundabout" or "circular" || tags.GetValueOrDefault("highway") == "motorway";
                return implied ? Networks.Oneway.Forward : Networks.Oneway.No;
        }
    }

    /// <summary>
    /// A <c>maxspeed</c> value in km/h: a positive number, alone (km/h) or followed by <c>km/h</c>,
    /// <c>kmh</c>, <c>kph</c>, <c>mph</c> or <c>knots</c>. Null for anything else: zone codes such as
    /// <c>FR:urban</c>, <c>none</c>, <c>walk</c>, <c>signals</c>, or lists such as <c>50;30</c>.
    /// </summary>
    public static double? MaxSpeedKmh(string? maxspeed)
    {
        if (string.IsNullOrWhiteSpace(maxspeed))
        {
            return null;
        }

        var text = maxspeed.AsSpan().Trim();
        var end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }

        if (end == 0 || !double.TryParse(text[..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            return null;
        }

        var factor = text[end..].Trim() switch
        {
            "" or "km/h" or "kmh" or "kph" => 1,
            "mph" => KilometresPerMile,
            "knots" => KilometresPerNauticalMile,
            _ => double.NaN,
        };
        return double.IsNaN(factor) ? null : number * factor;
    }

    /// <summary>A <c>lanes</c> value when it is a positive whole number; null for anything else (e.g. <c>2;3</c> or <c>1.5</c>).</summary>
    public static int? Lanes(string? lanes) =>
        int.TryParse(lanes, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 ? count : null;
}
