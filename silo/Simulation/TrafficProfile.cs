namespace TwinCity.Silo.Simulation;

/// <summary>
/// Pure daily shapes for streets and utility networks. Traffic has the two weekday peaks of urban counts
/// (morning around 08:00, evening around 17:30) over a midday plateau and a quiet night; air pollution near
/// a road follows its traffic over a background; network load follows <see cref="LoadProfile.DailyShape"/>.
/// </summary>
public static class TrafficProfile
{
    /// <summary>Vehicles per hour one lane carries at the daily peak, by road class (urban values, below lane capacity).</summary>
    public static double PeakFlowPerLane(string highway) => highway switch
    {
        "motorway" or "motorway_link" => 1500,
        "trunk" or "trunk_link" => 1100,
        "primary" or "primary_link" => 800,
        "secondary" or "secondary_link" => 600,
        "tertiary" or "tertiary_link" => 400,
        "unclassified" => 150,
        "residential" => 120,
        "living_street" or "service" => 40,
        _ => 60,
    };

    /// <summary>Lanes assumed when the source does not say: both directions of a two-way road, one of a one-way.</summary>
    public static int DefaultLanes(string highway, bool oneway) => highway switch
    {
        "motorway" or "trunk" => 4,
        _ => oneway ? 1 : 2,
    };

    /// <summary>Share of the peak flow (0 to 1) at <paramref name="hourOfDay"/> in [0, 24): two peaks, morning and evening.</summary>
    public static double DailyShape(double hourOfDay)
    {
        static double Peak(double h, double centre, double width) => Math.Exp(-Math.Pow((h - centre) / width, 2));
        return Math.Min(1, 0.06 + (0.94 * Peak(hourOfDay, 8, 1.3)) + (0.88 * Peak(hourOfDay, 17.5, 1.7)) + (0.45 * Peak(hourOfDay, 13, 3.5)));
    }

    /// <summary>NO2 next to a road carrying <paramref name="flowPerHour"/> vehicles, µg/m³ (urban background about 18).</summary>
    public static double No2(double flowPerHour) => 18 + (0.03 * flowPerHour);

    /// <summary>PM2.5 next to a road carrying <paramref name="flowPerHour"/> vehicles, µg/m³ (urban background about 8).</summary>
    public static double Pm25(double flowPerHour) => 8 + (0.006 * flowPerHour);

    /// <summary>Pressure at a gas or water node, bar: it sags when demand is high.</summary>
    public static double PressureBar(double nominal, double hourOfDay) => nominal * (1.04 - (0.1 * LoadProfile.DailyShape(hourOfDay) / 2));

    /// <summary>Load of a power element, % of capacity, following the electricity demand of the day.</summary>
    public static double LoadPct(double factor, double hourOfDay) => Math.Min(100, 55 * LoadProfile.DailyShape(hourOfDay) * factor);
}
