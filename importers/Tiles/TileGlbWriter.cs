using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using SharpGLTF.Memory;
using SharpGLTF.Schema2;
using SharpGLTF.Transforms;

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

    public static ArraySegment<byte> Write(TilePlan tile, MeshGeometry geometry)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("TileGlbWriter: GLB is little-endian and this writer copies memory as is");
        }

        var buildings = tile.Buildings;
        var vertexCount = geometry.VertexCount;
        var indexCount = geometry.IndexCount;
        var wide = vertexCount > ushort.MaxValue;
        var idBytes = 0;
        foreach (var building in buildings)
        {
            idBytes += Encoding.UTF8.GetByteCount(building.Id);
        }

        // One binary buffer holding every view, each 4-byte aligned. With a single buffer SharpGLTF
        // writes the model as is; given one array per view it deep-clones the whole model (through
        // JSON) to merge them, which used to be most of the time spent encoding a tile.
        var layout = new Layout();
        var positionsAt = layout.Add(vertexCount * 12);
        var featureIdsAt = layout.Add(vertexCount * 4);
        var indicesAt = layout.Add(indexCount * (wide ? 4 : 2));
        var idsAt = layout.Add(idBytes);
        var offsetsAt = layout.Add((buildings.Count + 1) * 4);
        var heightsAt = layout.Add(buildings.Count * 4);
        var bytes = new byte[layout.Length];

        // Positions are relative to the tile's centre (the node's translation), so float32 keeps
        // sub-millimetre precision however far the tile lies from the city origin. No normals: clients
        // shade flat. (Quantised int16 positions would save a third more, but SharpGLTF.Core only
        // writes vertex attributes whose elements are multiples of 4 bytes; EXT_meshopt_compression is
        // the next step.)
        MemoryMarshal.AsBytes(geometry.Positions).CopyTo(bytes.AsSpan(positionsAt));
        MemoryMarshal.AsBytes(geometry.FeatureIds).CopyTo(bytes.AsSpan(featureIdsAt));
        var indices = geometry.Indices;
        if (wide)
        {
            MemoryMarshal.AsBytes(indices).CopyTo(bytes.AsSpan(indicesAt));
        }
        else
        {
            var narrow = MemoryMarshal.Cast<byte, ushort>(bytes.AsSpan(indicesAt, indexCount * 2));
            for (var i = 0; i < indices.Length; i++)
            {
                narrow[i] = (ushort)indices[i];
            }
        }

        var offsets = MemoryMarshal.Cast<byte, uint>(bytes.AsSpan(offsetsAt, (buildings.Count + 1) * 4));
        var heights = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(heightsAt, buildings.Count * 4));
        var written = 0;
        for (var i = 0; i < buildings.Count; i++)
        {
            offsets[i] = (uint)written;
            written += Encoding.UTF8.GetBytes(buildings[i].Id, bytes.AsSpan(idsAt + written));
            heights[i] = (float)buildings[i].Height.Height;
        }

        offsets[buildings.Count] = (uint)written;

        var model = ModelRoot.CreateModel();
        var buffer = model.UseBuffer(bytes);
        var mesh = model.CreateMesh($"tile {tile.Id}");
        var primitive = mesh.CreatePrimitive();
        var positions = model.CreateAccessor("POSITION");
        positions.SetVertexData(model.UseBufferView(buffer, positionsAt, vertexCount * 12, 0, BufferMode.ARRAY_BUFFER), 0, vertexCount, new AttributeFormat(DimensionType.VEC3, EncodingType.FLOAT, false));
        primitive.SetVertexAccessor("POSITION", positions);
        var featureIds = model.CreateAccessor("_FEATURE_ID_0");
        featureIds.SetVertexData(model.UseBufferView(buffer, featureIdsAt, vertexCount * 4, 0, BufferMode.ARRAY_BUFFER), 0, vertexCount, new AttributeFormat(DimensionType.SCALAR, EncodingType.FLOAT, false));
        primitive.SetVertexAccessor("_FEATURE_ID_0", featureIds);
        var indexAccessor = model.CreateAccessor("indices");
        indexAccessor.SetIndexData(model.UseBufferView(buffer, indicesAt, indexCount * (wide ? 4 : 2), 0, BufferMode.ELEMENT_ARRAY_BUFFER), 0, indexCount, wide ? IndexEncodingType.UNSIGNED_INT : IndexEncodingType.UNSIGNED_SHORT);
        primitive.SetIndexAccessor(indexAccessor);

        primitive.UseExtension<MeshFeaturesExtension>().Content = new JsonObject
        {
            ["featureIds"] = new JsonArray(new JsonObject
            {
                ["featureCount"] = buildings.Count,
                ["attribute"] = 0,
                ["propertyTable"] = 0,
            }),
        };
        var idValues = model.UseBufferView(buffer, idsAt, idBytes, 0, null).LogicalIndex;
        var idOffsets = model.UseBufferView(buffer, offsetsAt, (buildings.Count + 1) * 4, 0, null).LogicalIndex;
        var heightValues = model.UseBufferView(buffer, heightsAt, buildings.Count * 4, 0, null).LogicalIndex;
        model.UseExtension<StructuralMetadataExtension>().Content = PropertyTable(buildings.Count, idValues, idOffsets, heightValues);

        var origin = geometry.Origin;
        var node = model.UseScene("city").CreateNode($"tile {tile.Id}");
        node.Mesh = mesh;
        node.LocalTransform = new AffineTransform(Vector3.One, Quaternion.Identity, new Vector3(origin.East, origin.Up, -origin.North));
        // Validation is for models from outside; ours are checked by the Khronos validator in the tests.
        return model.WriteGLB(new WriteSettings { Validation = SharpGLTF.Validation.ValidationMode.Skip });
    }

    /// <summary>
    /// The <c>EXT_structural_metadata</c> object: a <c>building</c> class with the entity id (so any
    /// 3D Tiles client can name what was picked) and the height, one row per feature.
    /// </summary>
    private static JsonObject PropertyTable(int count, int idValues, int idOffsets, int heightValues)
    {
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
                ["count"] = count,
                ["properties"] = new JsonObject
                {
                    ["id"] = new JsonObject { ["values"] = idValues, ["stringOffsets"] = idOffsets, ["stringOffsetType"] = "UINT32" },
                    ["height"] = new JsonObject { ["values"] = heightValues },
                },
            }),
        };
    }

    /// <summary>Where each view goes in the one binary buffer: consecutive, every start a multiple of 4 bytes.</summary>
    private sealed class Layout
    {
        public int Length { get; private set; }

        public int Add(int byteLength)
        {
            var at = Length;
            Length = (at + byteLength + 3) & ~3;
            return at;
        }
    }
}
