using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using SharpGLTF.Memory;
using SharpGLTF.Schema2;
using SharpGLTF.Transforms;
using TwinCity.Importers.Tiles;

namespace TwinCity.Importers.Layers;

/// <summary>
/// Encodes a layer tile (street or utility ribbons) as GLB in the building tiles' encoding: POSITION and
/// <c>_FEATURE_ID_0</c> per vertex, <c>EXT_mesh_features</c> on the primitive, and an
/// <c>EXT_structural_metadata</c> property table holding each feature's entity id, kind and width.
/// </summary>
internal static class LayerGlbWriter
{
    static LayerGlbWriter()
    {
        // SharpGLTF.Core has no classes for these two extensions: they are written as plain JSON.
        ExtensionsFactory.RegisterExtension<MeshPrimitive, MeshFeaturesExtension>(MeshFeaturesExtension.ExtensionName, _ => new MeshFeaturesExtension());
        ExtensionsFactory.RegisterExtension<ModelRoot, StructuralMetadataExtension>(StructuralMetadataExtension.ExtensionName, _ => new StructuralMetadataExtension());
    }

    public static ArraySegment<byte> Write(string tileId, string className, RibbonMesh mesh, IReadOnlyList<NetworkFeature> features)
    {
        var vertexCount = mesh.VertexCount;
        var indexCount = mesh.Indices.Count;
        var ids = Strings(features.Select(f => f.Id));
        var kinds = Strings(features.Select(f => f.Kind));
        var widths = features.Select(f => f.Width).ToArray();

        var layout = new List<(int At, int Length)>();
        var length = 0;
        int Add(int bytes)
        {
            var at = length;
            layout.Add((at, bytes));
            length = (at + bytes + 3) & ~3;
            return at;
        }

        var positionsAt = Add(vertexCount * 12);
        var featureIdsAt = Add(vertexCount * 4);
        var indicesAt = Add(indexCount * 4);
        var idsAt = Add(ids.Bytes.Length);
        var idOffsetsAt = Add(ids.Offsets.Length * 4);
        var kindsAt = Add(kinds.Bytes.Length);
        var kindOffsetsAt = Add(kinds.Offsets.Length * 4);
        var widthsAt = Add(widths.Length * 4);
        var bytes = new byte[length];
        MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(mesh.Positions)).CopyTo(bytes.AsSpan(positionsAt));
        MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(mesh.FeatureIds)).CopyTo(bytes.AsSpan(featureIdsAt));
        MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(mesh.Indices)).CopyTo(bytes.AsSpan(indicesAt));
        ids.Bytes.CopyTo(bytes.AsSpan(idsAt));
        MemoryMarshal.AsBytes(ids.Offsets.AsSpan()).CopyTo(bytes.AsSpan(idOffsetsAt));
        kinds.Bytes.CopyTo(bytes.AsSpan(kindsAt));
        MemoryMarshal.AsBytes(kinds.Offsets.AsSpan()).CopyTo(bytes.AsSpan(kindOffsetsAt));
        MemoryMarshal.AsBytes(widths.AsSpan()).CopyTo(bytes.AsSpan(widthsAt));

        var model = ModelRoot.CreateModel();
        var buffer = model.UseBuffer(bytes);
        var primitive = model.CreateMesh($"tile {tileId}").CreatePrimitive();
        var positions = model.CreateAccessor("POSITION");
        positions.SetVertexData(model.UseBufferView(buffer, positionsAt, vertexCount * 12, 0, BufferMode.ARRAY_BUFFER), 0, vertexCount, new AttributeFormat(DimensionType.VEC3, EncodingType.FLOAT, false));
        primitive.SetVertexAccessor("POSITION", positions);
        var featureIds = model.CreateAccessor("_FEATURE_ID_0");
        featureIds.SetVertexData(model.UseBufferView(buffer, featureIdsAt, vertexCount * 4, 0, BufferMode.ARRAY_BUFFER), 0, vertexCount, new AttributeFormat(DimensionType.SCALAR, EncodingType.FLOAT, false));
        primitive.SetVertexAccessor("_FEATURE_ID_0", featureIds);
        var indices = model.CreateAccessor("indices");
        indices.SetIndexData(model.UseBufferView(buffer, indicesAt, indexCount * 4, 0, BufferMode.ELEMENT_ARRAY_BUFFER), 0, indexCount, IndexEncodingType.UNSIGNED_INT);
        primitive.SetIndexAccessor(indices);
        primitive.UseExtension<MeshFeaturesExtension>().Content = new JsonObject
        {
            ["featureIds"] = new JsonArray(new JsonObject { ["featureCount"] = features.Count, ["attribute"] = 0, ["propertyTable"] = 0 }),
        };

        int View(int at, int bytesLength) => model.UseBufferView(buffer, at, bytesLength, 0, null).LogicalIndex;
        model.UseExtension<StructuralMetadataExtension>().Content = PropertyTable(className, features.Count,
            (View(idsAt, ids.Bytes.Length), View(idOffsetsAt, ids.Offsets.Length * 4)),
            (View(kindsAt, kinds.Bytes.Length), View(kindOffsetsAt, kinds.Offsets.Length * 4)),
            View(widthsAt, widths.Length * 4));

        var node = model.UseScene("city").CreateNode($"tile {tileId}");
        node.Mesh = primitive.LogicalParent;
        var (east, north) = mesh.Centre;
        node.LocalTransform = new AffineTransform(Vector3.One, Quaternion.Identity, new Vector3((float)east, 0, (float)-north));
        return model.WriteGLB(new WriteSettings { Validation = SharpGLTF.Validation.ValidationMode.Skip });
    }

    private static (byte[] Bytes, uint[] Offsets) Strings(IEnumerable<string> values)
    {
        var list = values.ToList();
        var offsets = new uint[list.Count + 1];
        var bytes = new List<byte>();
        for (var i = 0; i < list.Count; i++)
        {
            offsets[i] = (uint)bytes.Count;
            bytes.AddRange(Encoding.UTF8.GetBytes(list[i]));
        }

        offsets[^1] = (uint)bytes.Count;
        return ([.. bytes], offsets);
    }

    private static JsonObject PropertyTable(string className, int count, (int Values, int Offsets) ids, (int Values, int Offsets) kinds, int widths) => new()
    {
        ["schema"] = new JsonObject
        {
            ["id"] = "twincity",
            ["classes"] = new JsonObject
            {
                [className] = new JsonObject
                {
                    ["properties"] = new JsonObject
                    {
                        ["id"] = new JsonObject { ["type"] = "STRING", ["description"] = "Stable entity id, e.g. osm:way/123#0" },
                        ["kind"] = new JsonObject { ["type"] = "STRING", ["description"] = "street-segment, utility-node, utility-edge or substation" },
                        ["width"] = new JsonObject { ["type"] = "SCALAR", ["componentType"] = "FLOAT32", ["description"] = "Drawn width in metres" },
                    },
                },
            },
        },
        ["propertyTables"] = new JsonArray(new JsonObject
        {
            ["class"] = className,
            ["count"] = count,
            ["properties"] = new JsonObject
            {
                ["id"] = new JsonObject { ["values"] = ids.Values, ["stringOffsets"] = ids.Offsets, ["stringOffsetType"] = "UINT32" },
                ["kind"] = new JsonObject { ["values"] = kinds.Values, ["stringOffsets"] = kinds.Offsets, ["stringOffsetType"] = "UINT32" },
                ["width"] = new JsonObject { ["values"] = widths },
            },
        }),
    };
}
