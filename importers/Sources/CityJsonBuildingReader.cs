using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;
using TwinCity.Importers.Crs;
using TwinCity.Importers.Errors;

namespace TwinCity.Importers.Sources;

/// <summary>
/// Reads buildings from CityJSON 1.1 and 2.0 (System.Text.Json): each <c>Building</c> with the
/// geometry of its <c>BuildingPart</c>s, at the highest LoD present, as real 3D surfaces (so LoD2
/// roofs stay roofs) plus a footprint for tiling. Integer vertices are decoded with the file's
/// <c>transform</c>; the CRS comes from <c>metadata.referenceSystem</c> (compound CRSs such as
/// EPSG:7415 use their horizontal part, heights kept).
/// </summary>
public static partial class CityJsonBuildingReader
{
    /// <summary>Deepest nesting accepted: a CompositeSolid's boundaries need 6 levels inside ~5 of document.</summary>
    public const int MaxDepth = 24;

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    public static SourceReadResult Read(string path, CancellationToken cancellationToken = default)
    {
        var file = Path.GetFileName(path);
        using var stream = File.OpenRead(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" line {line + 1}, byte {ex.BytePositionInLine + 1}" : string.Empty;
            throw new ImportException($"{file}{where}: not valid JSON: {ex.Message.Split(" Path:")[0]}", ex);
        }

        using (document)
        {
            return Read(document.RootElement, file, cancellationToken);
        }
    }

    private static SourceReadResult Read(JsonElement root, string file, CancellationToken cancellationToken)
    {
        if (root.ValueKind != JsonValueKind.Object || Text(root, "type") != "CityJSON")
        {
            throw new ImportException($"{file}: not a CityJSON file (no \"type\": \"CityJSON\")");
        }

        var version = Text(root, "version");
        if (version is not ("1.1" or "2.0"))
        {
            throw new ImportException($"{file}: CityJSON version \"{version}\" is not supported (1.1 and 2.0 are); upgrade it with cjio");
        }

        var crs = ReadCrs(root, file);
        var vertices = ReadVertices(root, file);
        var objects = root.TryGetProperty("CityObjects", out var o) && o.ValueKind == JsonValueKind.Object
            ? o
            : throw new ImportException($"{file}: no CityObjects");

        var check = new FootprintCheck(file);
        var buildings = new List<SourceBuilding>();
        foreach (var entry in objects.EnumerateObject())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Text(entry.Value, "type") is not ("Building" or "BuildingPart") || entry.Value.TryGetProperty("parents", out _))
            {
                continue; // parts are read with their building
            }

            var id = "cityjson:" + entry.Name;
            var surfaces = new List<Polygon>();
            string? problem = null;
            foreach (var part in PartsOf(entry.Value, objects))
            {
                problem ??= ReadSurfaces(part, vertices, surfaces);
            }

            if (problem is not null || surfaces.Count == 0)
            {
                check.Skip(id, problem ?? "no geometry");
                continue;
            }

            var wgs84 = surfaces.Select(crs.ToWgs84).ToArray();
            if (check.Check(id, Footprint(wgs84)) is { } footprint)
            {
                buildings.Add(new SourceBuilding(id, footprint, Attributes(entry.Value), wgs84));
            }
        }

        return new SourceReadResult(buildings, check.Skipped, check.Repaired, crs.Name);
    }

    private static SourceCrs ReadCrs(JsonElement root, string file)
    {
        var reference = root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            ? Text(metadata, "referenceSystem")
            : null;
        if (reference is null)
        {
            throw new CrsException($"{file}: no metadata.referenceSystem, so the CRS is unknown; add it (e.g. https://www.opengis.net/def/crs/EPSG/0/7415)");
        }

        var match = EpsgCode().Match(reference);
        return match.Success
            ? SourceCrs.FromCode("EPSG:" + match.Groups[1].Value, file)
            : throw new CrsException($"{file}: referenceSystem \"{reference}\" does not name an EPSG CRS");
    }

    private static double[][] ReadVertices(JsonElement root, string file)
    {
        double[] scale = [1, 1, 1];
        double[] translate = [0, 0, 0];
        if (root.TryGetProperty("transform", out var transform))
        {
            scale = Triple(transform, "scale", file);
            translate = Triple(transform, "translate", file);
        }

        if (!root.TryGetProperty("vertices", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new ImportException($"{file}: no vertices array");
        }

        var vertices = new double[list.GetArrayLength()][];
        var i = 0;
        foreach (var v in list.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() != 3)
            {
                throw new ImportException($"{file}: vertex {i} is not [x, y, z]");
            }

            var x = (v[0].GetDouble() * scale[0]) + translate[0];
            var y = (v[1].GetDouble() * scale[1]) + translate[1];
            var z = (v[2].GetDouble() * scale[2]) + translate[2];
            if (!double.IsFinite(x) || !double.IsFinite(y) || !double.IsFinite(z))
            {
                throw new ImportException($"{file}: vertex {i} is not finite");
            }

            vertices[i++] = [x, y, z];
        }

        return vertices;
    }

    private static double[] Triple(JsonElement transform, string name, string file) =>
        transform.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 3
            ? [value[0].GetDouble(), value[1].GetDouble(), value[2].GetDouble()]
            : throw new ImportException($"{file}: transform.{name} must be an array of 3 numbers");

    /// <summary>The object itself and its children (BuildingParts), which carry the geometry in LoD2 data.</summary>
    private static IEnumerable<JsonElement> PartsOf(JsonElement building, JsonElement objects)
    {
        yield return building;
        if (building.TryGetProperty("children", out var children) && children.ValueKind == JsonValueKind.Array)
        {
            foreach (var child in children.EnumerateArray())
            {
                if (child.ValueKind == JsonValueKind.String && objects.TryGetProperty(child.GetString()!, out var part) && Text(part, "type") == "BuildingPart")
                {
                    yield return part;
                }
            }
        }
    }

    /// <summary>Adds the surfaces of the object's highest-LoD geometry; returns a reason when the geometry is unusable.</summary>
    private static string? ReadSurfaces(JsonElement cityObject, double[][] vertices, List<Polygon> surfaces)
    {
        if (!cityObject.TryGetProperty("geometry", out var geometries) || geometries.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var best = geometries.EnumerateArray()
            .Where(g => Text(g, "type") is "Solid" or "MultiSolid" or "CompositeSolid" or "MultiSurface" or "CompositeSurface")
            .OrderByDescending(g => Lod(g))
            .FirstOrDefault();
        if (best.ValueKind != JsonValueKind.Object || !best.TryGetProperty("boundaries", out var boundaries))
        {
            return null;
        }

        // Nesting from the surface level: MultiSurface 0, Solid 1, Multi/CompositeSolid 2.
        var depth = Text(best, "type") switch { "Solid" => 1, "MultiSolid" or "CompositeSolid" => 2, _ => 0 };
        try
        {
            AddSurfaces(boundaries, depth, vertices, surfaces);
            return null;
        }
        catch (InvalidDataException ex)
        {
            return ex.Message;
        }
    }

    private static void AddSurfaces(JsonElement node, int depth, double[][] vertices, List<Polygon> surfaces)
    {
        if (node.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("boundaries are not nested arrays");
        }

        if (depth > 0)
        {
            foreach (var child in node.EnumerateArray())
            {
                AddSurfaces(child, depth - 1, vertices, surfaces);
            }

            return;
        }

        foreach (var surface in node.EnumerateArray())
        {
            if (surface.ValueKind != JsonValueKind.Array || surface.GetArrayLength() == 0)
            {
                throw new InvalidDataException("a surface has no rings");
            }

            var rings = surface.EnumerateArray().Select(r => Ring(r, vertices)).ToArray();
            if (rings.Any(r => r is null))
            {
                continue; // a degenerate ring (fewer than 3 distinct points) draws nothing
            }

            surfaces.Add(Factory.CreatePolygon(rings[0], [.. rings.Skip(1)!]));
        }
    }

    private static LinearRing? Ring(JsonElement ring, double[][] vertices)
    {
        if (ring.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("a ring is not an array of vertex indices");
        }

        var points = new List<Coordinate>(ring.GetArrayLength() + 1);
        foreach (var index in ring.EnumerateArray())
        {
            if (index.ValueKind != JsonValueKind.Number || !index.TryGetInt32(out var i) || i < 0 || i >= vertices.Length)
            {
                throw new InvalidDataException($"vertex index {index} is outside the {vertices.Length} vertices");
            }

            var v = vertices[i];
            points.Add(new CoordinateZ(v[0], v[1], v[2]));
        }

        if (points.Count < 3)
        {
            return null;
        }

        points.Add(points[0].Copy());
        return Factory.CreateLinearRing([.. points]);
    }

    /// <summary>The 2D union of the surfaces that are not vertical: the ground the building covers.</summary>
    private static Geometry Footprint(IReadOnlyList<Polygon> surfaces)
    {
        var flat = surfaces
            .Where(s => s.Area > 1e-14)
            .Select(s => Factory.CreatePolygon(s.Shell.Coordinates.Select(c => new Coordinate(c.X, c.Y)).ToArray()))
            .Select(p => p.IsValid ? (Geometry)p : p.Buffer(0))
            .ToArray();
        return flat.Length == 0 ? Factory.CreatePolygon() : UnaryUnionOp.Union(flat);
    }

    private static Dictionary<string, string> Attributes(JsonElement cityObject)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["cityjson:type"] = Text(cityObject, "type") ?? "Building" };
        if (cityObject.TryGetProperty("attributes", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            foreach (var attribute in values.EnumerateObject())
            {
                var text = attribute.Value.ValueKind switch
                {
                    JsonValueKind.String => attribute.Value.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => attribute.Value.GetRawText(),
                    _ => null,
                };
                if (text is not null)
                {
                    attributes[attribute.Name] = text;
                }
            }
        }

        return attributes;
    }

    private static double Lod(JsonElement geometry) =>
        geometry.TryGetProperty("lod", out var lod)
            ? lod.ValueKind == JsonValueKind.Number ? lod.GetDouble()
            : double.TryParse(lod.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0
            : 0;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex(@"EPSG(?:/0/|::?)(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex EpsgCode();
}
