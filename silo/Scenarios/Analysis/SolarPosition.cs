namespace TwinCity.Silo.Scenarios.Analysis;

/// <summary>
/// The sun's position by NOAA's solar calculator algorithm (after Meeus, <i>Astronomical
/// Algorithms</i>): geometric, without atmospheric refraction, good to about 0.01° for 1900–2100.
/// </summary>
public static class SolarPosition
{
    /// <summary>The sun's azimuth (degrees clockwise from north) and elevation (degrees above the horizon).</summary>
    public static (double AzimuthDegrees, double ElevationDegrees) At(DateTimeOffset time, double latitude, double longitude)
    {
        var julianDay = (time.UtcDateTime - new DateTime(2000, 1, 1, 12, 0, 0, DateTimeKind.Utc)).TotalDays + 2451545.0;
        var t = (julianDay - 2451545.0) / 36525.0;
        var meanLongitude = Normalize(280.46646 + (t * (36000.76983 + (t * 0.0003032))));
        var meanAnomaly = 357.52911 + (t * (35999.05029 - (0.0001537 * t)));
        var eccentricity = 0.016708634 - (t * (0.000042037 + (0.0000001267 * t)));
        var m = Rad(meanAnomaly);
        var centre = (Math.Sin(m) * (1.914602 - (t * (0.004817 + (0.000014 * t))))) + (Math.Sin(2 * m) * (0.019993 - (0.000101 * t))) + (Math.Sin(3 * m) * 0.000289);
        var trueLongitude = meanLongitude + centre;
        var omega = 125.04 - (1934.136 * t);
        var apparentLongitude = trueLongitude - 0.00569 - (0.00478 * Math.Sin(Rad(omega)));
        var meanObliquity = 23 + ((26 + ((21.448 - (t * (46.815 + (t * (0.00059 - (t * 0.001813)))))) / 60)) / 60);
        var obliquity = meanObliquity + (0.00256 * Math.Cos(Rad(omega)));
        var declination = Math.Asin(Math.Sin(Rad(obliquity)) * Math.Sin(Rad(apparentLongitude)));
        var y = Math.Tan(Rad(obliquity) / 2) * Math.Tan(Rad(obliquity) / 2);
        var l0 = Rad(meanLongitude);
        var equationOfTime = 4 * Deg((y * Math.Sin(2 * l0)) - (2 * eccentricity * Math.Sin(m)) + (4 * eccentricity * y * Math.Sin(m) * Math.Cos(2 * l0))
            - (0.5 * y * y * Math.Sin(4 * l0)) - (1.25 * eccentricity * eccentricity * Math.Sin(2 * m)));
        var utcMinutes = time.UtcDateTime.TimeOfDay.TotalMinutes;
        var trueSolarMinutes = ((utcMinutes + equationOfTime + (4 * longitude)) % 1440 + 1440) % 1440;
        var hourAngle = trueSolarMinutes / 4 < 0 ? (trueSolarMinutes / 4) + 180 : (trueSolarMinutes / 4) - 180;
        var phi = Rad(latitude);
        var cosZenith = Math.Clamp((Math.Sin(phi) * Math.Sin(declination)) + (Math.Cos(phi) * Math.Cos(declination) * Math.Cos(Rad(hourAngle))), -1, 1);
        var zenith = Math.Acos(cosZenith);
        var azimuthDenominator = Math.Cos(phi) * Math.Sin(zenith);
        double azimuth;
        if (Math.Abs(azimuthDenominator) < 1e-9)
        {
            azimuth = latitude > 0 ? 180 : 0;
        }
        else
        {
            var cosAzimuth = Math.Clamp(((Math.Sin(phi) * Math.Cos(zenith)) - Math.Sin(declination)) / azimuthDenominator, -1, 1);
            var a = Deg(Math.Acos(cosAzimuth));
            azimuth = hourAngle > 0 ? Normalize(a + 180) : Normalize(540 - a);
        }

        return (azimuth, 90 - Deg(zenith));
    }

    private static double Rad(double degrees) => degrees * Math.PI / 180;

    private static double Deg(double radians) => radians * 180 / Math.PI;

    private static double Normalize(double degrees) => ((degrees % 360) + 360) % 360;
}
