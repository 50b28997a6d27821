using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using TwinCity.Importers.Errors;
using TwinCity.Importers.Networks;
using TwinCity.Models.Entities;

namespace TwinCity.Importers.Layers;

/// <summary>
/// Reads a GeoJSON file (RFC 7946, WGS 84) whose features are all LineStrings or MultiLineStrings as
/// street segments, e.g. the City of Cologne's traffic segments. A feature's id is its <c>IDENTIFIER</c>
/// (or <c>identifier</c>, <c>id</c>) property under a prefix from the file name:
/// <c>koeln-traffic-street-segments.geojson</c> feature <c>ST001</c> is <c>koeln:segment/ST001</c>.
/// Features sharing an id are one segment drawn in several pieces. Strict: a feature without an id or
/// with a coordinate outside WGS 84 is a <see cref="FeatureException"/>.
/// </summary>
public static class StreetSegmentGeoJsonReader
{
    private static readonly string[] IdProperties = ["IDENTIFIER", "identifier", "id", "ID"];
    private static readonly string[] NameProperties = ["NAME", "name", "Name"];

    /// <summary>True when <paramref name="path"/> is a GeoJSON file of line features only (then it is a street layer, not buildings).</summary>
    public static bool IsStreetFile(string path)
    {
        if (!path.EndsWith(".geojson", StringComparison.OrdinalIgnoreCase) || !File.Exists(path))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var features = document.RootElement.TryGetProperty("features", out var f) && f.ValueKind == JsonValueKind.Array ? f : default;
            return features.ValueKind == JsonValueKind.Array && features.GetArrayLength() > 0 && features.EnumerateArray().All(IsLine);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The id prefix for a file: its name's first word, e.g. <c>koeln:segment/</c>.</summary>
    public static string IdPrefix(string path) =>
        Path.GetFileName(path).Split(['-', '_', '.', ' '], StringSplitOptions.RemoveEmptyEntries)[0].ToLowerInvariant() + ":segment/";

    /// <summary>Reads the segments of <paramref name="path"/>.</summary>
    /// <exception cref="ImportException">The file is not GeoJSON, or a feature has no id or bad coordinates.</exception>
    public static List<NetworkFeature> Read(string path)
    {
        var file = Path.GetFileName(path);
        var prefix = IdPrefix(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new ImportException($"{file}: not valid JSON at line {ex.LineNumber + 1}: {ex.Message}", ex);
        }

        using (document)
        {
            var byId = new Dictionary<string, (string? Name, Dictionary<string, string> Attributes, List<(double, double)[]> Lines)>(StringComparer.Ordinal);
            var order = new List<string>();
            var index = 0;
            foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
            {
                var where = $"#{index++}";
                var properties = feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
                var sourceId = First(properties, IdProperties)
                    ?? throw new FeatureException(file, where, $"no {string.Join("/", IdProperties)} property to take the segment id from");
                var id = prefix + sourceId;
                var lines = Lines(feature.GetProperty("geometry"), file, id);
                if (!byId.TryGetValue(id, out var entry))
                {
                    entry = (First(properties, NameProperties), Attributes(properties), []);
                    byId[id] = entry;
                    order.Add(id);
                }

                entry.Lines.AddRange(lines);
            }

            return [.. order.Select(id =>
            {
                var (name, attributes, lines) = byId[id];
                var length = lines.Sum(l => EllipsoidLength.Metres(new LineString([.. l.Select(c => new Coordinate(c.Item1, c.Item2))])));
                attributes["length_m"] = length.ToString("0.0", CultureInfo.InvariantCulture);
                return new NetworkFeature(id, NetworkEntityKinds.StreetSegment, name, length, attributes, lines, (float)(2 * NetworkFeatures.LaneWidth));
            })];
        }
    }

    private static bool IsLine(JsonElement feature) =>
        feature.TryGetProperty("geometry", out var g) && g.ValueKind == JsonValueKind.Object
        && g.TryGetProperty("type", out var t) && t.GetString() is "LineString" or "MultiLineString";

    private static List<(double, double)[]> Lines(JsonElement geometry, string file, string id)
    {
        var type = geometry.TryGetProperty("type", out var t) ? t.GetString() : null;
        var coordinates = geometry.GetProperty("coordinates");
        var lines = type switch
        {
            "LineString" => [Line(coordinates, file, id)],
            "MultiLineString" => coordinates.EnumerateArray().Select(l => Line(l, file, id)).ToList(),
            _ => throw new FeatureException(file, id, $"expected a LineString or MultiLineString, found {type ?? "no geometry type"}"),
        };
        if (lines.Count == 0 || lines.Any(l => l.Length < 2))
        {
            throw new FeatureException(file, id, "a line has fewer than two positions");
        }

        return lines;
    }

    private static (double, double)[] Line(JsonElement positions, string file, string id) =>
        [.. positions.EnumerateArray().Select(position =>
        {
            var lon = position[0].GetDouble();
            var lat = position[1].GetDouble();
            if (!double.IsFinite(lon) || !double.IsFinite(lat) || !Geodesy.LocalFrame.IsValidLongitude(lon) || !Geodesy.LocalFrame.IsValidLatitude(lat))
            {
                throw new FeatureException(file, id, $"position ({lon}, {lat}) is not a WGS 84 longitude/latitude (GeoJSON is always WGS 84)");
            }

            return (lon, lat);
        })];

    private static string? First(JsonElement properties, string[] names)
    {
        if (properties.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (properties.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                var text = value.ToString();
                if (text.Length > 0)
                {
                    return text;
                }
            }
        }

        return null;
    }

    private static Dictionary<string, string> Attributes(JsonElement properties)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                {
                    attributes[property.Name] = property.Value.ToString();
                }
            }
        }

        return attributes;
    }
}
