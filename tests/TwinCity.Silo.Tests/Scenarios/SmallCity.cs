using NetTopologySuite.Geometries;
using TwinCity.Silo.Scenarios.Baseline;

namespace TwinCity.Silo.Tests.Scenarios;

/// <summary>
/// A city small enough to check by hand (local metres, at Monaco's latitude):
/// <code>
///            D (200,200)          b3 (180..220, 210..250), 30 m
///            |  s3
///  A ──s1── B ──s2── C            b1 west of A, b2 east of C, 10 m each
///  (0,0)   (200,0)  (400,0)       f1 footway A–D (no cars)
///  p0 ─e1─ p1 ─e2─ p2             power line along y = -100 (p2 at (420,-60)), substation at p0; w1 a water pipe p1–p2
/// </code>
/// b1 hangs on p0, b3 on p1, b2 on p2: cutting e2 cuts b2 off. Closing s2 cuts C (b2's zone) off the road network.
/// </summary>
public static class SmallCity
{
    /// <summary>Monaco's latitude and longitude.</summary>
    public const double Latitude = 43.73, Longitude = 7.42;

    /// <summary>The baseline data.</summary>
    public static CityBaseline Data { get; } = new(
        Latitude,
        Longitude,
        [Box("b1", -50, -20, -10, 20, 10), Box("b2", 410, -20, 450, 20, 10), Box("b3", 180, 210, 220, 250, 30)],
        [new("A", 0, 0), new("B", 200, 0), new("C", 400, 0), new("D", 200, 200)],
        [Street("s1", "A", "B"), Street("s2", "B", "C"), Street("s3", "B", "D"), new BaselineStreet("f1", "A", "D", 283, "footway", "no", null, null, false)],
        [new("p0", 0, -100), new("p1", 200, -100), new("p2", 420, -60)],
        [new("e1", "p0", "p1", "power"), new("e2", "p1", "p2", "power"), new("w1", "p1", "p2", "water")],
        [new("substation", 0, -105)]);

    /// <summary>A fresh prepared baseline.</summary>
    public static ScenarioBaseline Prepare() => new(Data, new GeometryFactory());

    /// <summary>A rectangle as an intervention footprint.</summary>
    public static double[] Rectangle(double x0, double y0, double x1, double y1) => [x0, y0, x1, y0, x1, y1, x0, y1];

    private static BaselineBuilding Box(string id, double x0, double y0, double x1, double y1, double height) => new(id, Rectangle(x0, y0, x1, y1), height);

    private static BaselineStreet Street(string id, string from, string to) => new(id, from, to, 200, "residential", "no", null, null, true);
}
