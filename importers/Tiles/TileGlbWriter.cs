using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace TwinCity.Importers.Tiles;

/// <summary>
/// Encodes a tile's mesh as a compact GLB: <c>KHR_mesh_quantization</c> positions (int16, 8 bytes per
/// vertex with the feature id), 16-bit indices where they fit, <c>EXT_mesh_features</c> on the primitive
/// and the ids and heights in an <c>EXT_structural_metadata</c> property table.
/// </summary>
/// <remarks>
/// <para>
/// Positions are integers on a grid of <see cref="QuantizationStep"/> metres centred on the mesh's
/// bounding box; the node's <c>scale</c> (the step) and <c>translation</c> (the box centre in the city
/// frame) dequantise them, as <c>KHR_mesh_quantization</c> intends. The step is, per axis, the box's
/// side / 65,534, so it grows with the tile: 8 mm across a 500 m tile, 3 cm across 2 km, 2 mm in
/// height for a 150 m tower. Clients shade flat from screen-space derivatives, which the non-uniform
/// scale does not disturb.
/// </para>
/// <para>
/// Vertex layout, 8 bytes per vertex: x, y, z as SHORT in bytes 0–5, the feature index as UNSIGNED_SHORT
/// in bytes 6–7. glTF wants each vertex attribute element 4-byte aligned inside its bufferView
/// (accessor.byteOffset and byteStride multiples of 4), so the feature ids get their own bufferView,
/// starting 6 bytes into the vertex data, with the same stride 8 and accessor offset 0; the two views
/// overlap, which glTF allows. The Khronos validator reports no issue. A client uploads each view as
/// its own GPU buffer (three.js does), so the GPU holds the vertex bytes twice; the file and the
/// network carry them once. <c>_FEATURE_ID_0</c> reaches three.js as a Uint16 buffer attribute.
/// </para>
/// <para>
/// The GLB is written by hand (JSON with <see cref="Utf8JsonWriter"/>, one binary chunk): SharpGLTF.Core
/// refuses vertex elements that are not multiples of 4 bytes, and skipping its object model also
/// skips a copy of every tile.
/// </para>
/// </remarks>
internal static class TileGlbWriter
{
    private const int VertexStride = 8;
    private const int FeatureIdOffset = 6;
    private const int Short = 5122;
    private const int UnsignedShort = 5123;
    private const int UnsignedInt = 5125;

    /// <summary>The grid step, in metres, for a mesh whose bounding box's largest side is <paramref name="extent"/> metres.</summary>
    public static double QuantizationStep(double extent) => Math.Max(extent, 1e-3) / 65534.0;

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

        // Bounding box of the positions (relative to the mesh origin, glTF axes).
        var positions = geometry.Positions;
        Span<float> min = [float.MaxValue, float.MaxValue, float.MaxValue];
        Span<float> max = [float.MinValue, float.MinValue, float.MinValue];
        for (var i = 0; i < positions.Length; i += 3)
        {
            for (var c = 0; c < 3; c++)
            {
                min[c] = Math.Min(min[c], positions[i + c]);
                max[c] = Math.Max(max[c], positions[i + c]);
            }
        }

        if (vertexCount == 0)
        {
            min.Clear();
            max.Clear();
        }

        Span<double> centre = [((double)min[0] + max[0]) / 2, ((double)min[1] + max[1]) / 2, ((double)min[2] + max[2]) / 2];
        Span<double> step = [QuantizationStep(max[0] - (double)min[0]), QuantizationStep(max[1] - (double)min[1]), QuantizationStep(max[2] - (double)min[2])];

        var layout = new Layout();
        var verticesAt = layout.Add((vertexCount * VertexStride) + VertexStride); // + one stride: the feature id view runs 6 bytes past the positions
        var indicesAt = layout.Add(indexCount * (wide ? 4 : 2));
        var idsAt = layout.Add(idBytes);
        var offsetsAt = layout.Add((buildings.Count + 1) * 4);
        var heightsAt = layout.Add(buildings.Count * 4);
        var bin = ArrayPool<byte>.Shared.Rent(layout.Length);
        try
        {
            var binary = bin.AsSpan(0, layout.Length);
            binary.Clear();
            Span<short> qmin = [short.MaxValue, short.MaxValue, short.MaxValue];
            Span<short> qmax = [short.MinValue, short.MinValue, short.MinValue];
            var featureIds = geometry.FeatureIds;
            for (var v = 0; v < vertexCount; v++)
            {
                var at = binary.Slice(verticesAt + (v * VertexStride), VertexStride);
                for (var c = 0; c < 3; c++)
                {
                    var q = (short)Math.Clamp(Math.Round((positions[(v * 3) + c] - centre[c]) / step[c]), -32767, 32767);
                    BinaryPrimitives.WriteInt16LittleEndian(at[(c * 2)..], q);
                    qmin[c] = Math.Min(qmin[c], q);
                    qmax[c] = Math.Max(qmax[c], q);
                }

                BinaryPrimitives.WriteUInt16LittleEndian(at[FeatureIdOffset..], featureIds[v]);
            }

            if (vertexCount == 0)
            {
                qmin.Clear();
                qmax.Clear();
            }

            var indices = geometry.Indices;
            if (wide)
            {
                MemoryMarshal.AsBytes(indices).CopyTo(binary[indicesAt..]);
            }
            else
            {
                var narrow = MemoryMarshal.Cast<byte, ushort>(binary.Slice(indicesAt, indexCount * 2));
                for (var i = 0; i < indices.Length; i++)
                {
                    narrow[i] = (ushort)indices[i];
                }
            }

            var offsets = MemoryMarshal.Cast<byte, uint>(binary.Slice(offsetsAt, (buildings.Count + 1) * 4));
            var heights = MemoryMarshal.Cast<byte, float>(binary.Slice(heightsAt, buildings.Count * 4));
            var written = 0;
            for (var i = 0; i < buildings.Count; i++)
            {
                offsets[i] = (uint)written;
                written += Encoding.UTF8.GetBytes(buildings[i].Id, binary[(idsAt + written)..]);
                heights[i] = (float)buildings[i].Height.Height;
            }

            offsets[buildings.Count] = (uint)written;

            var origin = geometry.Origin;
            var translation = new[] { origin.East + centre[0], origin.Up + centre[1], -origin.North + centre[2] };
            var json = new ArrayBufferWriter<byte>(4096);
            using (var writer = new Utf8JsonWriter(json))
            {
                WriteJson(writer, tile, layout.Length, translation, step, qmin, qmax, vertexCount, indexCount, wide, (verticesAt, indicesAt, idsAt, offsetsAt, heightsAt), idBytes);
            }

            var jsonLength = (json.WrittenCount + 3) & ~3;
            var total = 12 + 8 + jsonLength + 8 + layout.Length;
            var glb = new byte[total];
            var span = glb.AsSpan();
            BinaryPrimitives.WriteUInt32LittleEndian(span, 0x46546C67); // "glTF"
            BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 2);
            BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)total);
            BinaryPrimitives.WriteUInt32LittleEndian(span[12..], (uint)jsonLength);
            BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 0x4E4F534A); // "JSON"
            json.WrittenSpan.CopyTo(span[20..]);
            span.Slice(20 + json.WrittenCount, jsonLength - json.WrittenCount).Fill((byte)' ');
            var binAt = 20 + jsonLength;
            BinaryPrimitives.WriteUInt32LittleEndian(span[binAt..], (uint)layout.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(binAt + 4)..], 0x004E4942); // "BIN\0"
            binary.CopyTo(span[(binAt + 8)..]);
            return glb;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bin);
        }
    }

    private static void WriteJson(
        Utf8JsonWriter w, TilePlan tile, int binLength, double[] translation, ReadOnlySpan<double> step, ReadOnlySpan<short> qmin, ReadOnlySpan<short> qmax,
        int vertexCount, int indexCount, bool wide, (int Vertices, int Indices, int Ids, int Offsets, int Heights) at, int idBytes)
    {
        var features = tile.Buildings.Count;
        w.WriteStartObject();
        w.WriteStartObject("asset");
        w.WriteString("version", "2.0");
        w.WriteString("generator", "TwinCity importer");
        w.WriteEndObject();
        w.WriteStartArray("extensionsUsed");
        w.WriteStringValue("KHR_mesh_quantization");
        w.WriteStringValue("EXT_mesh_features");
        w.WriteStringValue("EXT_structural_metadata");
        w.WriteEndArray();
        w.WriteStartArray("extensionsRequired");
        w.WriteStringValue("KHR_mesh_quantization");
        w.WriteEndArray();

        // EXT_structural_metadata: a building class with the entity id (so any 3D Tiles client can
        // name what was picked) and the height, one row per feature.
        w.WriteStartObject("extensions");
        w.WriteStartObject("EXT_structural_metadata");
        w.WriteStartObject("schema");
        w.WriteString("id", "twincity");
        w.WriteStartObject("classes");
        w.WriteStartObject("building");
        w.WriteStartObject("properties");
        w.WriteStartObject("id");
        w.WriteString("type", "STRING");
        w.WriteString("description", "Stable entity id, e.g. osm:way/123");
        w.WriteEndObject();
        w.WriteStartObject("height");
        w.WriteString("type", "SCALAR");
        w.WriteString("componentType", "FLOAT32");
        w.WriteString("description", "Height above ground in metres");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("propertyTables");
        w.WriteStartObject();
        w.WriteString("class", "building");
        w.WriteNumber("count", features);
        w.WriteStartObject("properties");
        w.WriteStartObject("id");
        w.WriteNumber("values", 3);
        w.WriteNumber("stringOffsets", 4);
        w.WriteString("stringOffsetType", "UINT32");
        w.WriteEndObject();
        w.WriteStartObject("height");
        w.WriteNumber("values", 5);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteNumber("scene", 0);
        w.WriteStartArray("scenes");
        w.WriteStartObject();
        w.WriteString("name", "city");
        w.WriteStartArray("nodes");
        w.WriteNumberValue(0);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();

        // The node dequantises: position = translation + scale × (x, y, z).
        w.WriteStartArray("nodes");
        w.WriteStartObject();
        w.WriteString("name", $"tile {tile.Id}");
        w.WriteNumber("mesh", 0);
        w.WriteStartArray("translation");
        foreach (var t in translation)
        {
            w.WriteNumberValue(t);
        }

        w.WriteEndArray();
        w.WriteStartArray("scale");
        for (var c = 0; c < 3; c++)
        {
            w.WriteNumberValue(step[c]);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();

        w.WriteStartArray("meshes");
        w.WriteStartObject();
        w.WriteString("name", $"tile {tile.Id}");
        w.WriteStartArray("primitives");
        w.WriteStartObject();
        w.WriteStartObject("attributes");
        w.WriteNumber("POSITION", 0);
        w.WriteNumber("_FEATURE_ID_0", 1);
        w.WriteEndObject();
        w.WriteNumber("indices", 2);
        w.WriteNumber("mode", 4);
        w.WriteStartObject("extensions");
        w.WriteStartObject("EXT_mesh_features");
        w.WriteStartArray("featureIds");
        w.WriteStartObject();
        w.WriteNumber("featureCount", features);
        w.WriteNumber("attribute", 0);
        w.WriteNumber("propertyTable", 0);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();

        w.WriteStartArray("accessors");
        w.WriteStartObject();
        w.WriteNumber("bufferView", 0);
        w.WriteNumber("componentType", Short);
        w.WriteNumber("count", vertexCount);
        w.WriteString("type", "VEC3");
        w.WriteStartArray("min");
        foreach (var v in qmin)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
        w.WriteStartArray("max");
        foreach (var v in qmax)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteNumber("bufferView", 1);
        w.WriteNumber("componentType", UnsignedShort);
        w.WriteNumber("count", vertexCount);
        w.WriteString("type", "SCALAR");
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteNumber("bufferView", 2);
        w.WriteNumber("componentType", wide ? UnsignedInt : UnsignedShort);
        w.WriteNumber("count", indexCount);
        w.WriteString("type", "SCALAR");
        w.WriteEndObject();
        w.WriteEndArray();

        w.WriteStartArray("bufferViews");
        View(w, at.Vertices, vertexCount * VertexStride, VertexStride, 34962);
        View(w, at.Vertices + FeatureIdOffset, vertexCount * VertexStride, VertexStride, 34962);
        View(w, at.Indices, indexCount * (wide ? 4 : 2), 0, 34963);
        View(w, at.Ids, idBytes, 0, 0);
        View(w, at.Offsets, (features + 1) * 4, 0, 0);
        View(w, at.Heights, features * 4, 0, 0);
        w.WriteEndArray();

        w.WriteStartArray("buffers");
        w.WriteStartObject();
        w.WriteNumber("byteLength", binLength);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void View(Utf8JsonWriter w, int offset, int length, int stride, int target)
    {
        w.WriteStartObject();
        w.WriteNumber("buffer", 0);
        w.WriteNumber("byteOffset", offset);
        w.WriteNumber("byteLength", length);
        if (stride > 0)
        {
            w.WriteNumber("byteStride", stride);
        }

        if (target > 0)
        {
            w.WriteNumber("target", target);
        }

        w.WriteEndObject();
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
