using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using SharpGLTF.Memory;
using SharpGLTF.Schema2;
using SharpGLTF.Transforms;
using TwinCity.Importers.Buildings;

namespace TwinCity.Importers.Tiles;

/// <summary>
/// Encodes a tile's mesh as GLB with SharpGLTF's Schema2 API: positions and the feature id per vertex
/// (16 bytes), 16-bit indices where they fit, <c>EXT_mesh_features</c> on the primitive and the ids and
/// heights in an <c>EXT_structural_metadata</c> property table.
/// </summary>
internal static class TileGlbWriter
{
    static TileGlbWriter()
    {
        ExtensionsFactory.RegisterExtension<MeshPrimitive, MeshFeaturesExtension>(MeshFeaturesExtension.ExtensionName, _ => new MeshFeaturesExtension());
        ExtensionsFactory.RegisterExtension<ModelRoot, StructuralMetadataExtension>(StructuralMetadataExtension.ExtensionName, _ => new StructuralMetadataExtension());
    }

    public static byte[] Write(TilePlan tile, MeshGeometry geometry)
    {
        var model = ModelRoot.CreateModel();
        var mesh = model.CreateMesh($"tile {tile.Id}");
        var primitive = mesh.CreatePrimitive();
        var vertexCount = geometry.VertexCount;
        var (min, max) = geometry.Bounds();
        var centre = new Vector3((min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2);

        // Positions relative to the tile's centre (the node's translation) keep float32 at sub-millimetre
        // precision however far the tile lies from the city origin. No normals: clients shade flat.
        // (Quantised int16 positions would save a third more, but SharpGLTF.Core only writes vertex
        // attributes whose elements are multiples of 4 bytes; EXT_meshopt_compression is the next step.)
        var positionBytes = new byte[vertexCount * 12];
        var idBytes = new byte[vertexCount * 4];
        for (var v = 0; v < vertexCount; v++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(positionBytes.AsSpan(v * 12), geometry.Positions[v * 3] - centre.X);
            BinaryPrimitives.WriteSingleLittleEndian(positionBytes.AsSpan((v * 12) + 4), geometry.Positions[(v * 3) + 1] - centre.Y);
            BinaryPrimitives.WriteSingleLittleEndian(positionBytes.AsSpan((v * 12) + 8), geometry.Positions[(v * 3) + 2] - centre.Z);
            BinaryPrimitives.WriteSingleLittleEndian(idBytes.AsSpan(v * 4), geometry.FeatureIds[v]);
        }

        var positions = model.CreateAccessor("POSITION");
        positions.SetVertexData(model.UseBufferView(positionBytes, 0, null, 0, BufferMode.ARRAY_BUFFER), 0, vertexCount, new AttributeFormat(DimensionType.VEC3, EncodingType.FLOAT, false));
        primitive.SetVertexAccessor("POSITION", positions);
        var featureIds = model.CreateAccessor("_FEATURE_ID_0");
        featureIds.SetVertexData(model.UseBufferView(idBytes, 0, null, 0, BufferMode.ARRAY_BUFFER), 0, vertexCount, new AttributeFormat(DimensionType.SCALAR, EncodingType.FLOAT, false));
        primitive.SetVertexAccessor("_FEATURE_ID_0", featureIds);

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

        var node = model.UseScene("city").CreateNode($"tile {tile.Id}");
        node.Mesh = mesh;
        node.LocalTransform = new AffineTransform(Vector3.One, Quaternion.Identity, centre);
        // Validation is for models from outside; ours are checked by the Khronos validator in the tests.
        return model.WriteGLB(new WriteSettings { Validation = SharpGLTF.Validation.ValidationMode.Skip }).ToArray();
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
