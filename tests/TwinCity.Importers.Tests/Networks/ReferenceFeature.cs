using System.Text.Json;
using NetTopologySuite.Geometries;

namespace TwinCity.Importers.Tests.Networks;

/// <summary>
/// A feature of the GeoJSON files osmium exported from the same PBF (<c>derived/</c>): its stable id
/// built from <c>@type</c>/<c>@id</c>, its OSM tags (every other property, as strings) and its
/// geometry, parsed with System.Text.Json alone so the reader under test cannot colour the reference.
/// </summary>
public sealed record ReferenceFeature(string Id, Dictionary<string, string> Tags, Geometry Geometry)
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>Every feature of the file at <paramref name="path"/>.</summary>
    public static List<ReferenceFeature> ReadAll(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        return [.. json.RootElement.GetProperty("features").EnumerateArray().Select(From)];
    }

    /// <summary>The geometry as a line (highways and utility lines are LineStrings).</summary>
    public LineString Line => (LineString)Geometry;

    private static ReferenceFeature From(JsonElement feature)
    {
        var properties = feature.GetProperty("properties");
        var id = $"osm:{properties.GetProperty("@type").GetString()}/{properties.GetProperty("@id").GetInt64()}";
        var tags = properties.EnumerateObject()
            .Where(p => !p.Name.StartsWith('@'))
            .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        var geometry = feature.GetProperty("geometry");
        var coordinates = geometry.GetProperty("coordinates");
        Geometry shape = geometry.GetProperty("type").GetString() switch
        {
            "Point" => Factory.CreatePoint(Position(coordinates)),
            "LineString" => Factory.CreateLineString(Positions(coordinates)),
            "MultiPolygon" => Factory.CreateMultiPolygon([.. coordinates.EnumerateArray().Select(Polygon)]),
            var other => throw new InvalidOperationException($"test helper: {id} has a {other}"),
        };
        return new ReferenceFeature(id, tags, shape);
    }

    private static Polygon Polygon(JsonElement rings)
    {
        var all = rings.EnumerateArray().Select(r => Factory.CreateLinearRing(Positions(r))).ToArray();
        return Factory.CreatePolygon(all[0], all[1..]);
    }

    private static Coordinate[] Positions(JsonElement array) => [.. array.EnumerateArray().Select(Position)];

    private static Coordinate Position(JsonElement pair) => new(pair[0].GetDouble(), pair[1].GetDouble());
}
