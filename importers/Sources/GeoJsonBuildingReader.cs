using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;
using TwinCity.Importers.Crs;
using TwinCity.Importers.Errors;

namespace TwinCity.Importers.Sources;

/// <summary>
/// Reads building polygons from a GeoJSON FeatureCollection (RFC 7946: WGS 84 longitude/latitude)
/// with NetTopologySuite's System.Text.Json converters. A pre-2016 <c>crs</c> member naming anything
/// but WGS 84 is rejected rather than ignored.
/// </summary>
public static class GeoJsonBuildingReader
{
    /// <summary>Deepest nesting accepted: a MultiPolygon needs 7 levels; a hostile file nests thousands.</summary>
    public const int MaxDepth = 32;

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    public static SourceReadResult Read(string path, CancellationToken cancellationToken = default)
    {
        var file = Path.GetFileName(path);
        using var stream = File.OpenRead(path);
        return Read(stream, file, cancellationToken);
    }

    /// <summary>Reads a GeoJSON stream; <paramref name="file"/> names it in messages.</summary>
    public static SourceReadResult Read(Stream stream, string file, CancellationToken cancellationToken = default)
    {
        var options = new JsonSerializerOptions { MaxDepth = MaxDepth };
        options.Converters.Add(new GeoJsonConverterFactory());
        FeatureCollection? features;
        try
        {
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = MaxDepth });
            CheckCrs(document.RootElement, file);
            if (!document.RootElement.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "FeatureCollection")
            {
                throw new ImportException($"{file}: expected a GeoJSON FeatureCollection, found {Describe(document.RootElement)}");
            }

            features = document.Deserialize<FeatureCollection>(options);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" line {line + 1}, byte {ex.BytePositionInLine + 1}" : string.Empty;
            throw new ImportException($"{file}{where}: not valid GeoJSON: {FirstSentence(ex.Message)}", ex);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException or FormatException)
        {
            throw new ImportException($"{file}: not valid GeoJSON: {ex.Message}", ex);
        }

        var check = new FootprintCheck(file);
        var buildings = new List<SourceBuilding>();
        for (var i = 0; i < (features?.Count ?? 0); i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var feature = features![i];
            var attributes = Attributes(feature.Attributes);
            var id = FeatureIds.From(attributes, FeatureIds.Text(feature.Attributes?.GetOptionalValue("_id")), file, i);
            if (check.Check(id, feature.Geometry) is { } footprint)
            {
                buildings.Add(new SourceBuilding(id, footprint, attributes));
            }
        }

        return new SourceReadResult(buildings, check.Skipped, check.Repaired, SourceCrs.Wgs84.Name);
    }

    private static Dictionary<string, string> Attributes(IAttributesTable? table)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (table is null)
        {
            return attributes;
        }

        foreach (var name in table.GetNames())
        {
            if (name != "_id" && FeatureIds.Text(table[name]) is { } value)
            {
                attributes[name] = value;
            }
        }

        return attributes;
    }

    private static void CheckCrs(JsonElement root, string file)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("crs", out var crs) || crs.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        var name = crs.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("name", out var n) ? n.ToString() : crs.ToString();
        if (!(name.EndsWith("CRS84", StringComparison.OrdinalIgnoreCase) || name.EndsWith("4326", StringComparison.Ordinal)))
        {
            throw new CrsException($"{file}: GeoJSON is WGS 84 by definition (RFC 7946), but the file declares CRS \"{name}\"; reproject it to WGS 84 or use a GeoPackage/Shapefile that carries its CRS");
        }
    }

    private static string Describe(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var type) ? $"type \"{type}\"" : $"a JSON {root.ValueKind.ToString().ToLowerInvariant()}";

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
