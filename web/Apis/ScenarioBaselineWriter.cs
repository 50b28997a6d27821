using TwinCity.Importers;
using TwinCity.Importers.Geodesy;
using TwinCity.Importers.Networks;
using TwinCity.Models.Storage;
using TwinCity.Silo.Scenarios.Baseline;

namespace TwinCity.Web.Apis;

/// <summary>
/// Turns an imported city into the scenarios' <see cref="CityBaseline"/> (footprints, street graph and
/// utility networks in the local frame) and writes it next to the city's tiles, before the catalogue
/// switches to it: the silo, which does not read source formats, builds its analyses from this.
/// </summary>
public static class ScenarioBaselineWriter
{
    /// <summary>Writes the baseline of <paramref name="city"/> as city version <paramref name="version"/>.</summary>
    public static Task WriteAsync(IBlobStore blobs, long version, ImportedCity city, CancellationToken cancellationToken) =>
        CityBaselineStore.WriteAsync(blobs, version, From(city), cancellationToken);

    /// <summary>The baseline of <paramref name="city"/>.</summary>
    public static CityBaseline From(ImportedCity city)
    {
        ArgumentNullException.ThrowIfNull(city);
        var frame = new LocalFrame(city.Origin);
        var heights = city.Buildings.ToDictionary(b => b.Id, b => b.Height, StringComparer.Ordinal);
        var buildings = city.BuildingGeometry.Select(b => new BaselineBuilding(b.Id, Ring(b.Footprint), heights.GetValueOrDefault(b.Id, b.Top))).ToList();
        var streets = new List<BaselineStreet>();
        List<BaselinePoint> streetNodes = [], utilityNodes = [], substations = [];
        var edges = new List<BaselineUtilityEdge>();
        if (city.Networks is { } networks)
        {
            streetNodes = [.. networks.Streets.Nodes.Select(n => Point(n.Id, n.Longitude, n.Latitude, frame))];
            streets = [.. networks.Streets.Segments.Select(s => new BaselineStreet(s.Id, s.FromNodeId, s.ToNodeId, s.LengthMetres, s.Highway,
                s.Oneway switch { Oneway.Forward => "yes", Oneway.Backward => "-1", _ => "no" }, s.MaxSpeedKmh, s.Lanes, s.IsMotorVehicle))];
            utilityNodes = [.. networks.Utilities.Nodes.Select(n => Point(n.Id, n.Longitude, n.Latitude, frame))];
            edges = [.. networks.Utilities.Edges.Select(e => new BaselineUtilityEdge(e.Id, e.FromNodeId, e.ToNodeId, e.Kind))];
            substations = [.. networks.Utilities.Substations.Select(s => Point(s.Id, s.Longitude, s.Latitude, frame))];
        }
        else
        {
            // A layer without a graph (a GeoJSON of traffic segments): its segments can be named by interventions, not routed.
            streets = [.. city.Layers.SelectMany(l => l.Entities).Where(e => e.Kind == Models.Entities.NetworkEntityKinds.StreetSegment)
                .Select(e => new BaselineStreet(e.Id, null, null, e.LengthMetres, e.Attributes.GetValueOrDefault("highway") ?? "unclassified", "no", null, null, true))];
        }

        return new CityBaseline(city.Origin.Latitude, city.Origin.Longitude, buildings, streetNodes, streets, utilityNodes, edges, substations);
    }

    // The outer ring of the largest polygon, without its closing point.
    private static double[] Ring(LocalFootprint footprint)
    {
        var largest = Enumerable.Range(0, footprint.PolygonCount).MaxBy(i => footprint.GeographicPolygon(i).Area);
        var xy = new double[64];
        var count = footprint.ReadRing(footprint.GeographicPolygon(largest).ExteriorRing, ref xy);
        return xy[..(2 * Math.Max(0, count - 1))];
    }

    private static BaselinePoint Point(string id, double longitude, double latitude, LocalFrame frame)
    {
        var (x, y) = frame.ToLocal(longitude, latitude);
        return new BaselinePoint(id, x, y);
    }
}
