using TwinCity.Importers.Osm;

namespace TwinCity.Importers.Tests.Osm;

/// <summary>The protobuf wire reader refuses malformed input instead of reading past it or misreading it.</summary>
public sealed class ProtoReaderTests
{
    [Fact]
    public void Varint_of_eleven_bytes_is_rejected()
    {
        // Zero-padded, so no byte overflows: only the length is wrong.
        byte[] data = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01];

        var error = Assert.Throws<InvalidDataException>(() => new ProtoReader(data).ReadVarint());

        Assert.Contains("longer than 10 bytes", error.Message);
    }

    [Fact]
    public void Varint_overflowing_64_bits_in_its_tenth_byte_is_rejected()
    {
        byte[] data = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02];

        var error = Assert.Throws<InvalidDataException>(() => new ProtoReader(data).ReadVarint());

        Assert.Contains("overflows 64 bits", error.Message);
    }

    [Fact]
    public void Largest_ten_byte_varint_is_read()
    {
        byte[] data = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];

        Assert.Equal(ulong.MaxValue, new ProtoReader(data).ReadVarint());
    }

    [Fact]
    public void Varint_cut_short_is_rejected()
    {
        byte[] data = [0x80, 0x80];

        var error = Assert.Throws<InvalidDataException>(() => new ProtoReader(data).ReadVarint());

        Assert.Contains("past the end", error.Message);
    }

    [Fact]
    public void Length_past_the_end_is_rejected()
    {
        byte[] data = [0x0A, 0x7F, 0x01];

        var error = Assert.Throws<InvalidDataException>(() => FirstBytes(data));

        Assert.Contains("field length 127 exceeds the 1 bytes left", error.Message);
    }

    [Fact]
    public void Length_beyond_any_array_is_rejected_without_allocating()
    {
        byte[] data = [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F];

        var error = Assert.Throws<InvalidDataException>(() => FirstBytes(data));

        Assert.Contains("exceeds the 0 bytes left", error.Message);
    }

    [Theory]
    [InlineData(0x0B, 3)]
    [InlineData(0x0C, 4)]
    [InlineData(0x0E, 6)]
    [InlineData(0x0F, 7)]
    public void Wire_types_PBF_never_uses_are_rejected(byte key, int wireType)
    {
        var error = Assert.Throws<InvalidDataException>(() => new ProtoReader([key]).TryReadKey(out _, out _));

        Assert.Contains($"wire type {wireType}", error.Message);
    }

    [Fact]
    public void Field_number_zero_is_rejected()
    {
        var error = Assert.Throws<InvalidDataException>(() => new ProtoReader([0x00]).TryReadKey(out _, out _));

        Assert.Contains("field 0", error.Message);
    }

    [Fact]
    public void Fixed_size_field_past_the_end_is_rejected()
    {
        byte[] data = [0x09, 0x01, 0x02];

        var error = Assert.Throws<InvalidDataException>(() => SkipFirst(data));

        Assert.Contains("8 bytes runs past the end", error.Message);
    }

    [Fact]
    public void Unexpected_wire_type_names_field_and_both_types()
    {
        var error = Assert.Throws<InvalidDataException>(() => ProtoReader.Expect(8, ProtoWireType.Varint, ProtoWireType.LengthDelimited));

        Assert.Equal("field 8: expected wire type LengthDelimited, found Varint", error.Message);
    }

    [Theory]
    [InlineData(0UL, 0L)]
    [InlineData(1UL, -1L)]
    [InlineData(2UL, 1L)]
    [InlineData(4294967294UL, 2147483647L)]
    [InlineData(ulong.MaxValue, long.MinValue)]
    [InlineData(ulong.MaxValue - 1, long.MaxValue)]
    public void Zigzag_decodes_to_the_signed_value(ulong encoded, long expected) =>
        Assert.Equal(expected, ProtoReader.DecodeZigZag(encoded));

    [Fact]
    public void Reader_walks_fields_and_skips_what_it_does_not_need()
    {
        // field 1 varint 150, field 2 "hi", field 3 fixed32, field 4 fixed64, field 5 sint -2.
        byte[] data = [0x08, 0x96, 0x01, 0x12, 0x02, (byte)'h', (byte)'i', 0x1D, 1, 2, 3, 4, 0x21, 1, 2, 3, 4, 5, 6, 7, 8, 0x28, 0x03];
        var reader = new ProtoReader(data);

        Assert.True(reader.TryReadKey(out var field, out var wire));
        Assert.Equal((1, ProtoWireType.Varint, 150UL), (field, wire, reader.ReadVarint()));
        Assert.True(reader.TryReadKey(out field, out wire));
        Assert.Equal((2, ProtoWireType.LengthDelimited, "hi"), (field, wire, System.Text.Encoding.ASCII.GetString(reader.ReadBytes())));
        Assert.True(reader.TryReadKey(out _, out wire));
        reader.Skip(wire);
        Assert.True(reader.TryReadKey(out _, out wire));
        reader.Skip(wire);
        Assert.True(reader.TryReadKey(out field, out _));
        Assert.Equal((5, -2L), (field, reader.ReadSignedVarint()));
        Assert.False(reader.TryReadKey(out _, out _));
    }

    private static int FirstBytes(byte[] data)
    {
        var reader = new ProtoReader(data);
        reader.TryReadKey(out _, out _);
        return reader.ReadBytes().Length;
    }

    private static void SkipFirst(byte[] data)
    {
        var reader = new ProtoReader(data);
        reader.TryReadKey(out _, out var wire);
        reader.Skip(wire);
    }
}
