using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Triangulate.Polygon;
using SharpGLTF.Schema2;
using TwinCity.Importers.Buildings;

namespace TwinCity.Importers.Tiles;

/// <summary>
/// Turns a tile's buildings into one GLB with SharpGLTF's Schema2 API: every building extruded from
/// its footprint (flat roof, walls, a floor only when it floats), merged into a single primitive whose
/// <c>_FEATURE_ID_0</c> attribute holds the building's feature index (<c>EXT_mesh_features</c>), with the
/// ids and heights in an <c>EXT_structural_metadata</c> property table. One primitive per tile is one
/// draw call in the viewer, however many buildings it holds.
/// </summary>
/// <remarks>
/// Coordinates follow glTF's y-up convention: glTF (x, y, z) = (east, up, −north) in the city frame,
/// which 3D Tiles clients rotate back to z-up before applying the tileset's ENU→ECEF transform.
/// </remarks>
public static class TileMeshBuilder
{
    static TileMeshBuilder()
    {
        ExtensionsFactory.RegisterExtension<MeshPrimitive, MeshFeaturesExtension>(MeshFeaturesExtension.ExtensionName, _ => new MeshFeaturesExtension());
        ExtensionsFactory.RegisterExtension<ModelRoot, StructuralMetadataExtension>(StructuralMetadataExtension.ExtensionName, _ => new StructuralMetadataExtension());
    }

    /// <summary>Builds the GLB for <paramref name="tile"/>; a building's feature index is its position in <see cref="TilePlan.Buildings"/>.</summary>
    public static TileMesh Build(TilePlan tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        var geometry = new MeshGeometry();
        var problems = new List<string>();
        for (var feature = 0; feature < tile.Buildings.Count; feature++)
        {
            var building = tile.Buildings[feature];
            foreach (var polygon in building.Footprint.Geometries.Cast<Polygon>())
            {
                var problem = Extrude(geometry, polygon, building.Height, (ushort)feature);
                if (problem is not null)
                {
                    problems.Add($"tile {tile.Id} feature {feature} ({building.Id}): {problem}");
                }
            }
        }

        var glb = Write(tile, geometry);
        return new TileMesh(glb, geometry.VertexCount, geometry.Indices.Count / 3, problems);
    }

    private static string? Extrude(MeshGeometry mesh, Polygon footprint, ResolvedHeight height, ushort feature)
    {
        var top = (float)height.Height;
        var bottom = (float)height.MinHeight;
        AddWalls(mesh, Oriented(footprint.ExteriorRing, counterClockwise: true), bottom, top, feature);
        foreach (var hole in footprint.InteriorRings)
        {
            AddWalls(mesh, Oriented(hole, counterClockwise: false), bottom, top, feature);
        }

        Geometry triangles;
        try
        {
            triangles = ConstrainedDelaunayTriangulator.Triangulate(footprint);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NetTopologySuite.Geometries.TopologyException)
        {
            return $"roof not triangulated: {ex.Message}";
        }

        for (var i = 0; i < triangles.NumGeometries; i++)
        {
            var ring = ((Polygon)triangles.GetGeometryN(i)).ExteriorRing.CoordinateSequence;
            var ccw = Orientation.IsCCW(ring);
            var (a, b, c) = ccw ? (0, 1, 2) : (0, 2, 1);
            mesh.AddTriangle(ring, a, b, c, top, 0, 1, 0, feature);
            if (bottom > 0)
            {
                // Raised buildings (canopies, bridges) are seen from below.
                mesh.AddTriangle(ring, a, c, b, bottom, 0, -1, 0, feature);
            }
        }

        return null;
    }

    /// <summary>One quad per ring edge. With shells counter-clockwise and holes clockwise, outside is always on the right.</summary>
    private static void AddWalls(MeshGeometry mesh, CoordinateSequence ring, float bottom, float top, ushort feature)
    {
        for (var i = 0; i + 1 < ring.Count; i++)
        {
            var (x0, y0) = ((float)ring.GetX(i), (float)ring.GetY(i));
            var (x1, y1) = ((float)ring.GetX(i + 1), (float)ring.GetY(i + 1));
            var dx = x1 - x0;
            var dy = y1 - y0;
            var length = MathF.Sqrt((dx * dx) + (dy * dy));
            if (length < 1e-4f)
            {
                continue;
            }

            // Outward normal (dy, -dx) in east/north; glTF z is -north.
            var nx = dy / length;
            var nz = dx / length;
            var first = mesh.VertexCount;
            mesh.AddVertex(x0, bottom, -y0, nx, 0, nz, feature);
            mesh.AddVertex(x1, bottom, -y1, nx, 0, nz, feature);
            mesh.AddVertex(x1, top, -y1, nx, 0, nz, feature);
            mesh.AddVertex(x0, top, -y0, nx, 0, nz, feature);
            mesh.AddIndices(first, first + 1, first + 2);
            mesh.AddIndices(first, first + 2, first + 3);
        }
    }

    private static CoordinateSequence Oriented(LineString ring, bool counterClockwise)
    {
        var sequence = ring.CoordinateSequence;
        if (Orientation.IsCCW(sequence) == counterClockwise)
        {
            return sequence;
        }

        var reversed = sequence.Copy();
        CoordinateSequences.Reverse(reversed);
        return reversed;
    }

    private static byte[] Write(TilePlan tile, MeshGeometry geometry)
    {
        var model = ModelRoot.CreateModel();
        var mesh = model.CreateMesh($"tile {tile.Id}");
        var primitive = mesh.CreatePrimitive();
        var vertexCount = geometry.VertexCount;

        primitive.SetVertexAccessor("POSITION", VertexAccessor(model, "POSITION", geometry.Positions, vertexCount, DimensionType.VEC3, EncodingType.FLOAT));
        primitive.SetVertexAccessor("NORMAL", VertexAccessor(model, "NORMAL", geometry.Normals, vertexCount, DimensionType.VEC3, EncodingType.FLOAT));
        primitive.SetVertexAccessor("_FEATURE_ID_0", VertexAccessor(model, "_FEATURE_ID_0", geometry.FeatureIds, vertexCount, DimensionType.SCALAR, EncodingType.FLOAT));

        var wide = vertexCount > ushort.MaxValue;
        var indexBytes = wide
            ? MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(geometry.Indices)).ToArray()
            : ToUInt16Bytes(geometry.Indices);
        var indices = model.CreateAccessor("indices");
        indices.SetIndexData(model.UseBufferView(indexBytes, 0, null, 0, BufferMode.ELEMENT_ARRAY_BUFFER), 0, geometry.Indices.Count, wide ? IndexEncodingType.UNSIGNED_INT : IndexEncodingType.UNSIGNED_SHORT);
        primitive.SetIndexAccessor(indices);

        primitive.UseExtension<MeshFeaturesExtension>().Content = new JsonObject
        {
            ["featureIds"] = new JsonArray(new JsonObject
            {
                ["featureCount"] = tile.Buildings.Count,
                ["attribute"] = 0,
                ["propertyTable"] = 0,
            }),
        };
        model.UseExtension<StructuralMetadataExtension>().Content = PropertyTable(model, tile.Buildings);

        model.UseScene("city").CreateNode($"tile {tile.Id}").Mesh = mesh;
        return model.WriteGLB().ToArray();
    }

    private static Accessor VertexAccessor<T>(ModelRoot model, string name, List<T> data, int count, DimensionType dimensions, EncodingType encoding)
        where T : struct
    {
        var bytes = MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(data)).ToArray();
        var accessor = model.CreateAccessor(name);
        accessor.SetVertexData(model.UseBufferView(Pad4(bytes), 0, bytes.Length, 0, BufferMode.ARRAY_BUFFER), 0, count, new SharpGLTF.Memory.AttributeFormat(dimensions, encoding, false));
        return accessor;
    }

    /// <summary>
    /// The <c>EXT_structural_metadata</c> object: a <c>building</c> class with the entity id (so any
    /// 3D Tiles client can name what was picked) and the height, one row per feature.
    /// </summary>
    private static JsonObject PropertyTable(ModelRoot model, IReadOnlyList<ImportedBuilding> buildings)
    {
        var ids = new List<byte>();
        var offsets = new byte[(buildings.Count + 1) * 4];
        var heights = new byte[buildings.Count * 4];
        for (var i = 0; i < buildings.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(offsets.AsSpan(i * 4), (uint)ids.Count);
            ids.AddRange(Encoding.UTF8.GetBytes(buildings[i].Id));
            BinaryPrimitives.WriteSingleLittleEndian(heights.AsSpan(i * 4), (float)buildings[i].Height.Height);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(offsets.AsSpan(buildings.Count * 4), (uint)ids.Count);
        var idValues = model.UseBufferView(Pad4([.. ids]), 0, ids.Count, 0, null).LogicalIndex;
        var idOffsets = model.UseBufferView(offsets).LogicalIndex;
        var heightValues = model.UseBufferView(heights).LogicalIndex;

        return new JsonObject
        {
            ["schema"] = new JsonObject
            {
                ["id"] = "twincity",
                ["classes"] = new JsonObject
                {
                    ["building"] = new JsonObject
                    {
                        ["properties"] = new JsonObject
                        {
                            ["id"] = new JsonObject { ["type"] = "STRING", ["description"] = "Stable entity id, e.g. osm:way/123" },
                            ["height"] = new JsonObject { ["type"] = "SCALAR", ["componentType"] = "FLOAT32", ["description"] = "Height above ground in metres" },
                        },
                    },
                },
            },
            ["propertyTables"] = new JsonArray(new JsonObject
            {
                ["class"] = "building",
                ["count"] = buildings.Count,
                ["properties"] = new JsonObject
                {
                    ["id"] = new JsonObject { ["values"] = idValues, ["stringOffsets"] = idOffsets, ["stringOffsetType"] = "UINT32" },
                    ["height"] = new JsonObject { ["values"] = heightValues },
                },
            }),
        };
    }

    private static byte[] ToUInt16Bytes(List<uint> indices)
    {
        var bytes = new byte[((indices.Count * 2) + 3) & ~3];
        for (var i = 0; i < indices.Count; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), (ushort)indices[i]);
        }

        return bytes;
    }

    private static byte[] Pad4(byte[] bytes) => bytes.Length % 4 == 0 ? bytes : [.. bytes, .. new byte[4 - (bytes.Length % 4)]];
}
