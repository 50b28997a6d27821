namespace TwinCity.Silo.Simulation;

/// <summary>
/// Pure daily load shapes the simulator draws from. Shapes follow typical European residential
/// demand: a low night, a morning peak around 08:30 and a larger evening peak around 19:30.
/// </summary>
public static class LoadProfile
{
    /// <summary>Average electrical intensity of floor area at the daily mean, W/m².</summary>
    public const double MeanIntensityWattsPerSquareMetre = 12;

    /// <summary>Storey height used to turn a building's height into a number of floors.</summary>
    public const double StoreyHeight = 3.0;

    /// <summary>Relative demand (mean about 1) at <paramref name="hourOfDay"/> in [0, 24).</summary>
    public static double DailyShape(double hourOfDay)
    {
        static double Peak(double h, double centre, double width) => Math.Exp(-Math.Pow((h - centre) / width, 2));
        return 0.55 + (0.5 * Peak(hourOfDay, 8.5, 1.8)) + (0.9 * Peak(hourOfDay, 19.5, 2.4));
    }

    /// <summary>Power in kW of a building with <paramref name="floorArea"/> m² at <paramref name="hourOfDay"/>.</summary>
    public static double PowerKw(double floorArea, double hourOfDay, double factor) =>
        floorArea * MeanIntensityWattsPerSquareMetre * DailyShape(hourOfDay) * factor / 1000.0;

    /// <summary>Indoor temperature in °C: heating keeps days near 21 °C, nights cooler.</summary>
    public static double IndoorTemperature(double hourOfDay, double offset) =>
        20.5 + (1.5 * Math.Sin(2 * Math.PI * (hourOfDay - 10) / 24)) + offset;

    /// <summary>Floor area from footprint and height: one floor per <see cref="StoreyHeight"/>, at least one.</summary>
    public static double FloorArea(double footprintArea, double height) =>
        footprintArea * Math.Max(1, Math.Round(height / StoreyHeight));
}
