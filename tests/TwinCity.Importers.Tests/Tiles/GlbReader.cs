using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace TwinCity.Importers.Tests.Tiles;

/// <summary>Reads a GLB's JSON chunk and binary chunk the way any glTF client would, to check what we wrote.</summary>
internal sealed class GlbReader
{
    private readonly byte[] _binary;

    public GlbReader(byte[] glb)
    {
        Assert.Equal(0x46546C67u, BinaryPrimitives.ReadUInt32LittleEndian(glb)); // "glTF"
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(glb.AsSpan(4)));
        Assert.Equal((uint)glb.Length, BinaryPrimitives.ReadUInt32LittleEndian(glb.AsSpan(8)));
        var jsonLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(glb.AsSpan(12));
        Json = JsonDocument.Parse(glb.AsMemory(20, jsonLength)).RootElement.Clone();
        var binStart = 20 + jsonLength;
        var binLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(glb.AsSpan(binStart));
        _binary = glb.AsSpan(binStart + 8, binLength).ToArray();
    }

    public JsonElement Json { get; }

    public JsonElement Primitive => Json.GetProperty("meshes")[0].GetProperty("primitives")[0];

    public ReadOnlySpan<byte> BufferView(int index) => BufferViewMemory(index).Span;

    private ReadOnlyMemory<byte> BufferViewMemory(int index)
    {
        var view = Json.GetProperty("bufferViews")[index];
        var offset = view.TryGetProperty("byteOffset", out var o) ? o.GetInt32() : 0;
        return _binary.AsMemory(offset, view.GetProperty("byteLength").GetInt32());
    }

    /// <summary>Positions in the city frame (metres, glTF axes): dequantised and moved by the node's transform.</summary>
    public float[] ReadPositions()
    {
        var values = ReadComponents(Primitive.GetProperty("attributes").GetProperty("POSITION").GetInt32());
        var node = Json.GetProperty("nodes")[0];
        var scale = node.TryGetProperty("scale", out var s) ? s.EnumerateArray().Select(e => e.GetSingle()).ToArray() : [1f, 1f, 1f];
        var translation = node.TryGetProperty("translation", out var t) ? t.EnumerateArray().Select(e => e.GetSingle()).ToArray() : [0f, 0f, 0f];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (values[i] * scale[i % 3]) + translation[i % 3];
        }

        return values;
    }

    public int[] ReadFeatureIds()
    {
        var ids = ReadComponents(Primitive.GetProperty("attributes").GetProperty("_FEATURE_ID_0").GetInt32());
        Assert.All(ids, id => Assert.Equal(Math.Floor(id), id));
        return [.. ids.Select(id => (int)id)];
    }

    /// <summary>Every component of an accessor as a float, honouring stride, component type and normalization.</summary>
    public float[] ReadComponents(int index)
    {
        var accessor = Json.GetProperty("accessors")[index];
        var components = accessor.GetProperty("type").GetString() switch
        {
            "SCALAR" => 1,
            "VEC3" => 3,
            var other => throw new InvalidDataException($"accessor {index}: unexpected type {other}"),
        };
        var componentType = accessor.GetProperty("componentType").GetInt32();
        var size = componentType switch { 5120 or 5121 => 1, 5122 or 5123 => 2, _ => 4 };
        var normalized = accessor.TryGetProperty("normalized", out var n) && n.GetBoolean();
        var viewIndex = accessor.GetProperty("bufferView").GetInt32();
        var view = Json.GetProperty("bufferViews")[viewIndex];
        var stride = view.TryGetProperty("byteStride", out var st) ? st.GetInt32() : components * size;
        var offset = accessor.TryGetProperty("byteOffset", out var o) ? o.GetInt32() : 0;
        var bytes = BufferView(viewIndex);
        var count = accessor.GetProperty("count").GetInt32();
        var values = new float[count * components];
        for (var i = 0; i < count; i++)
        {
            for (var c = 0; c < components; c++)
            {
                var at = bytes[((i * stride) + offset + (c * size))..];
                values[(i * components) + c] = componentType switch
                {
                    5122 => normalized ? Math.Max(BinaryPrimitives.ReadInt16LittleEndian(at) / 32767f, -1f) : BinaryPrimitives.ReadInt16LittleEndian(at),
                    5123 => normalized ? BinaryPrimitives.ReadUInt16LittleEndian(at) / 65535f : BinaryPrimitives.ReadUInt16LittleEndian(at),
                    5126 => BinaryPrimitives.ReadSingleLittleEndian(at),
                    var other => throw new InvalidDataException($"accessor {index}: component type {other} not expected"),
                };
            }
        }

        return values;
    }

    public string[] ReadStrings(int valuesView, int offsetsView, int count)
    {
        var values = BufferView(valuesView);
        var offsets = BufferView(offsetsView);
        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            var start = (int)BinaryPrimitives.ReadUInt32LittleEndian(offsets[(i * 4)..]);
            var end = (int)BinaryPrimitives.ReadUInt32LittleEndian(offsets[((i + 1) * 4)..]);
            result[i] = Encoding.UTF8.GetString(values[start..end]);
        }

        return result;
    }
}
