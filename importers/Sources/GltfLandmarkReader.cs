using System.Numerics;
using NetTopologySuite.Geometries;
using SharpGLTF.Schema2;
using TwinCity.Importers.Errors;
using TwinCity.Importers.Geodesy;

namespace TwinCity.Importers.Sources;

/// <summary>
/// Reads a glTF/GLB model (SharpGLTF) as one landmark building placed where the planner says: every
/// triangle of the default scene, in world space, turned from glTF's y-up metres into WGS 84 with
/// heights. External resources are never followed: a model must be self-contained (GLB, or glTF with
/// data: URIs); a reference to any other file, <c>../</c> or not, is an error naming it.
/// </summary>
public static class GltfLandmarkReader
{
    /// <summary>Most triangles a landmark may have; more is a detailed asset for another tool, not a twin entity.</summary>
    public const int MaxTriangles = 500_000;

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>Reads the model at <paramref name="path"/> and places it.</summary>
    public static SourceReadResult Read(string path, LandmarkPlacement? placement, CancellationToken cancellationToken = default)
    {
        var file = Path.GetFileName(path);
        if (placement is null)
        {
            throw new ImportException($"{file}: a glTF model has no georeference; say where it stands (--at lon,lat[,height] [--heading deg] [--scale s])");
        }

        if (!LocalFrame.IsValidLongitude(placement.Longitude) || !LocalFrame.IsValidLatitude(placement.Latitude) || placement.Scale <= 0 || !double.IsFinite(placement.Scale))
        {
            throw new ImportException($"{file}: placement {placement} is outside WGS 84 or has a non-positive scale");
        }

        var model = Load(path, file);
        var triangles = WorldTriangles(model, file, cancellationToken);
        if (triangles.Count == 0)
        {
            throw new ImportException($"{file}: the default scene has no triangles");
        }

        var (sinH, cosH) = Math.SinCos(double.DegreesToRadians(placement.Heading));
        var minUp = triangles.SelectMany(t => new[] { t.A.Y, t.B.Y, t.C.Y }).Min() * placement.Scale;
        Coordinate Place(Vector3 v)
        {
            // glTF: x right, y up, -z forward. Rotate the model's ground plane by the heading (clockwise).
            var east = v.X * placement.Scale;
            var north = -v.Z * placement.Scale;
            var (e, n) = ((east * cosH) + (north * sinH), (-east * sinH) + (north * cosH));
            var (lon, lat) = LocalFrame.Offset(placement.Longitude, placement.Latitude, e, n);
            return new CoordinateZ(lon, lat, placement.Height + (v.Y * placement.Scale) - minUp);
        }

        var surfaces = new List<Polygon>(triangles.Count);
        foreach (var (a, b, c) in triangles)
        {
            if (Vector3.Cross(b - a, c - a).LengthSquared() < 1e-12f)
            {
                continue; // degenerate: draws nothing
            }

            var pa = Place(a);
            surfaces.Add(Factory.CreatePolygon([pa, Place(b), Place(c), pa.Copy()]));
        }

        var footprint = Factory.CreateMultiPoint(surfaces.SelectMany(s => s.Coordinates).Select(p => Factory.CreatePoint(new Coordinate(p.X, p.Y))).ToArray()).ConvexHull();
        var stem = file.Split('.')[0];
        var check = new FootprintCheck(file);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["name"] = stem, ["gltf:triangles"] = surfaces.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var buildings = check.Check($"gltf:{stem}", footprint) is { } valid
            ? new List<SourceBuilding> { new($"gltf:{stem}", valid, tags, surfaces) }
            : [];
        return new SourceReadResult(buildings, check.Skipped, check.Repaired, "glTF placed at " + placement);
    }

    private static ModelRoot Load(string path, string file)
    {
        var context = ReadContext.Create(uri =>
            throw new ImportException($"{file}: refers to the external resource \"{uri}\"; only self-contained models are imported (GLB, or data: URIs) and other files are never read"));
        try
        {
            using var stream = File.OpenRead(path);
            return context.ReadSchema2(stream);
        }
        catch (Exception ex) when (ex is not ImportException && Inner<ImportException>(ex) is { } refused)
        {
            throw refused;
        }
        catch (Exception ex) when (ex is not ImportException and not OperationCanceledException)
        {
            throw new ImportException($"{file}: not a valid glTF model: {ex.Message}", ex);
        }
    }

    private static List<(Vector3 A, Vector3 B, Vector3 C)> WorldTriangles(ModelRoot model, string file, CancellationToken cancellationToken)
    {
        var triangles = new List<(Vector3, Vector3, Vector3)>();
        var scene = model.DefaultScene ?? model.LogicalScenes.FirstOrDefault();
        var nodes = new Stack<Node>(scene?.VisualChildren ?? []);
        while (nodes.TryPop(out var node))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var child in node.VisualChildren)
            {
                nodes.Push(child);
            }

            if (node.Mesh is null)
            {
                continue;
            }

            var world = node.WorldMatrix;
            foreach (var primitive in node.Mesh.Primitives)
            {
                if (primitive.DrawPrimitiveType is not (PrimitiveType.TRIANGLES or PrimitiveType.TRIANGLE_STRIP or PrimitiveType.TRIANGLE_FAN)
                    || primitive.GetVertexAccessor("POSITION") is not { } accessor)
                {
                    continue;
                }

                var positions = accessor.AsVector3Array();
                foreach (var (a, b, c) in primitive.GetTriangleIndices())
                {
                    if (triangles.Count == MaxTriangles)
                    {
                        throw new ImportException($"{file}: more than {MaxTriangles} triangles; simplify the model for the twin");
                    }

                    triangles.Add((Vector3.Transform(positions[a], world), Vector3.Transform(positions[b], world), Vector3.Transform(positions[c], world)));
                }
            }
        }

        return triangles;
    }

    private static T? Inner<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }

        return null;
    }
}
