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

    public float[] ReadFloats(int accessor)
    {
        var (bytes, count, components) = Accessor(accessor, "FLOAT");
        var span = bytes.Span;
        var values = new float[count * components];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(i * 4)..]);
        }

        return values;
    }

    public int[] ReadFeatureIds(int accessor)
    {
        var ids = ReadFloats(accessor);
        Assert.All(ids, id => Assert.Equal(Math.Floor(id), id));
        return [.. ids.Select(id => (int)id)];
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

    private (ReadOnlyMemory<byte> Bytes, int Count, int Components) Accessor(int index, string expectedType)
    {
        var accessor = Json.GetProperty("accessors")[index];
        var componentType = accessor.GetProperty("componentType").GetInt32() switch
        {
            5126 => "FLOAT",
            5123 => "UNSIGNED_SHORT",
            5125 => "UNSIGNED_INT",
            var other => other.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        Assert.Equal(expectedType, componentType);
        var components = accessor.GetProperty("type").GetString() switch
        {
            "SCALAR" => 1,
            "VEC3" => 3,
            var other => throw new InvalidDataException($"accessor {index}: unexpected type {other}"),
        };
        var offset = accessor.TryGetProperty("byteOffset", out var o) ? o.GetInt32() : 0;
        var view = BufferViewMemory(accessor.GetProperty("bufferView").GetInt32());
        return (view[offset..], accessor.GetProperty("count").GetInt32(), components);
    }
}
