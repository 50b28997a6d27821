namespace TwinCity.Importers.Osm;

/// <summary>
/// Reads protobuf wire format from a span. Every read is checked against the bytes left and
/// throws <see cref="InvalidDataException"/> (the caller adds file, block and offset), so hostile
/// input can neither read past the end nor make us allocate more than the span it came in.
/// </summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    /// <summary>True while unread bytes remain.</summary>
    public readonly bool HasMore => _position < _data.Length;

    /// <summary>Reads the next field key; false at the end of the message.</summary>
    public bool TryReadKey(out int field, out ProtoWireType wireType)
    {
        if (!HasMore)
        {
            field = 0;
            wireType = default;
            return false;
        }

        var key = ReadVarint();
        field = (int)Math.Min(key >> 3, int.MaxValue);
        var type = (int)(key & 7);
        if (field == 0 || type is 3 or 4 or 6 or 7)
        {
            throw new InvalidDataException($"protobuf key {key} has field {field} and wire type {type}, which PBF never uses");
        }

        wireType = (ProtoWireType)type;
        return true;
    }

    /// <summary>Reads a base-128 varint of at most 10 bytes whose value fits in 64 bits.</summary>
    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new InvalidDataException("varint runs past the end of the message");
            }

            var b = _data[_position++];
            if (shift == 63 && (b & 0x7F) > 1)
            {
                // The tenth byte holds only bit 63; anything more would be silently dropped.
                throw new InvalidDataException("varint overflows 64 bits");
            }

            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new InvalidDataException("varint is longer than 10 bytes");
    }

    /// <summary>Reads a zigzag-encoded signed varint (sint32/sint64).</summary>
    public long ReadSignedVarint() => DecodeZigZag(ReadVarint());

    /// <summary>Reads a varint as int32/int64 (two's complement).</summary>
    public long ReadInt64() => unchecked((long)ReadVarint());

    /// <summary>Reads a length-delimited field's payload without copying it.</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        var remaining = _data.Length - _position;
        if (length > (ulong)remaining)
        {
            throw new InvalidDataException($"field length {length} exceeds the {remaining} bytes left in the message");
        }

        var slice = _data.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Skips a field this reader does not need.</summary>
    public void Skip(ProtoWireType wireType)
    {
        switch (wireType)
        {
            case ProtoWireType.Varint:
                ReadVarint();
                break;
            case ProtoWireType.LengthDelimited:
                ReadBytes();
                break;
            case ProtoWireType.Fixed64:
                Advance(8);
                break;
            case ProtoWireType.Fixed32:
                Advance(4);
                break;
            default:
                throw new InvalidDataException($"cannot skip wire type {(int)wireType}");
        }
    }

    /// <summary>Fails unless the field has the expected wire type ("expected X, found Y").</summary>
    public static void Expect(int field, ProtoWireType actual, ProtoWireType expected)
    {
        if (actual != expected)
        {
            throw new InvalidDataException($"field {field}: expected wire type {expected}, found {actual}");
        }
    }

    public static long DecodeZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    private void Advance(int count)
    {
        if (_data.Length - _position < count)
        {
            throw new InvalidDataException($"fixed-size field of {count} bytes runs past the end of the message");
        }

        _position += count;
    }
}
