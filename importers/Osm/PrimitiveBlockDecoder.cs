using System.Text;

namespace TwinCity.Importers.Osm;

/// <summary>
/// Decodes an <c>OSMData</c> block (PrimitiveBlock of the OSM PBF format) and hands its nodes, ways
/// and relations to an <see cref="IOsmSink"/>. Throws <see cref="InvalidDataException"/> on malformed
/// data; the caller adds the file and block.
/// </summary>
internal static class PrimitiveBlockDecoder
{
    private static readonly IReadOnlyDictionary<string, string> NoTags = new Dictionary<string, string>();

    public static void Decode(ReadOnlySpan<byte> block, IOsmSink sink)
    {
        // The string table and the coordinate scale come first in practice, but the format does not
        // promise it: read them in a first pass, then the groups.
        string[] strings = [];
        long granularity = 100, latOffset = 0, lonOffset = 0;
        var reader = new ProtoReader(block);
        while (reader.TryReadKey(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    ProtoReader.Expect(field, wire, ProtoWireType.LengthDelimited);
                    strings = ReadStringTable(reader.ReadBytes());
                    break;
                case 17:
                    granularity = reader.ReadInt64();
                    break;
                case 19:
                    latOffset = reader.ReadInt64();
                    break;
                case 20:
                    lonOffset = reader.ReadInt64();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (granularity <= 0)
        {
            throw new InvalidDataException($"granularity {granularity} must be positive");
        }

        var scale = new Scale(granularity, latOffset, lonOffset);
        reader = new ProtoReader(block);
        while (reader.TryReadKey(out var field, out var wire))
        {
            if (field == 2)
            {
                ProtoReader.Expect(field, wire, ProtoWireType.LengthDelimited);
                DecodeGroup(reader.ReadBytes(), strings, scale, sink);
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }

    private static string[] ReadStringTable(ReadOnlySpan<byte> table)
    {
        var strings = new List<string>();
        var reader = new ProtoReader(table);
        while (reader.TryReadKey(out var field, out var wire))
        {
            if (field == 1)
            {
                ProtoReader.Expect(field, wire, ProtoWireType.LengthDelimited);
                strings.Add(Encoding.UTF8.GetString(reader.ReadBytes()));
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return [.. strings];
    }

    private static void DecodeGroup(ReadOnlySpan<byte> group, string[] strings, Scale scale, IOsmSink sink)
    {
        var reader = new ProtoReader(group);
        while (reader.TryReadKey(out var field, out var wire))
        {
            if (wire != ProtoWireType.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }

            var payload = reader.ReadBytes();
            switch (field)
            {
                case 1:
                    DecodeNode(payload, scale, sink);
                    break;
                case 2:
                    DecodeDense(payload, scale, sink);
                    break;
                case 3:
                    DecodeWay(payload, strings, sink);
                    break;
                case 4:
                    DecodeRelation(payload, strings, sink);
                    break;
            }
        }
    }

    private static void DecodeNode(ReadOnlySpan<byte> node, Scale scale, IOsmSink sink)
    {
        long id = 0, lat = 0, lon = 0;
        var reader = new ProtoReader(node);
        while (reader.TryReadKey(out var field, out var wire))
        {
            switch (field)
            {
                case 1: id = reader.ReadSignedVarint(); break;
                case 8: lat = reader.ReadSignedVarint(); break;
                case 9: lon = reader.ReadSignedVarint(); break;
                default: reader.Skip(wire); break;
            }
        }

        sink.OnNode(id, scale.Longitude(lon), scale.Latitude(lat));
    }

    private static void DecodeDense(ReadOnlySpan<byte> dense, Scale scale, IOsmSink sink)
    {
        ReadOnlySpan<byte> ids = default, lats = default, lons = default;
        var reader = new ProtoReader(dense);
        while (reader.TryReadKey(out var field, out var wire))
        {
            switch (field)
            {
                case 1: ProtoReader.Expect(field, wire, ProtoWireType.LengthDelimited); ids = reader.ReadBytes(); break;
                case 8: ProtoReader.Expect(field, wire, ProtoWireType.LengthDelimited); lats = reader.ReadBytes(); break;
                case 9: ProtoReader.Expect(field, wire, ProtoWireType.LengthDelimited); lons = reader.ReadBytes(); break;
                default: reader.Skip(wire); break;
            }
        }

        var idReader = new ProtoReader(ids);
        var latReader = new ProtoReader(lats);
        var lonReader = new ProtoReader(lons);
        long id = 0, lat = 0, lon = 0;
        while (idReader.HasMore)
        {
            if (!latReader.HasMore || !lonReader.HasMore)
            {
                throw new InvalidDataException("dense nodes have fewer coordinates than ids");
            }

            id += idReader.ReadSignedVarint();
            lat += latReader.ReadSignedVarint();
            lon += lonReader.ReadSignedVarint();
            sink.OnNode(id, scale.Longitude(lon), scale.Latitude(lat));
        }
    }

    private static void DecodeWay(ReadOnlySpan<byte> way, string[] strings, IOsmSink sink)
    {
        long id = 0;
        List<long> keys = [], values = [], refs = [];
        var reader = new ProtoReader(way);
        while (reader.TryReadKey(out var field, out var wire))
        {
            switch (field)
            {
                case 1: id = reader.ReadInt64(); break;
                case 2: ReadRepeated(ref reader, wire, keys, signed: false); break;
                case 3: ReadRepeated(ref reader, wire, values, signed: false); break;
                case 8: ReadRepeated(ref reader, wire, refs, signed: true); break;
                default: reader.Skip(wire); break;
            }
        }

        var nodeIds = new long[refs.Count];
        long current = 0;
        for (var i = 0; i < refs.Count; i++)
        {
            current += refs[i];
            nodeIds[i] = current;
        }

        sink.OnWay(id, Tags(keys, values, strings, "way", id), nodeIds);
    }

    private static void DecodeRelation(ReadOnlySpan<byte> relation, string[] strings, IOsmSink sink)
    {
        long id = 0;
        List<long> keys = [], values = [], roles = [], memberIds = [], types = [];
        var reader = new ProtoReader(relation);
        while (reader.TryReadKey(out var field, out var wire))
        {
            switch (field)
            {
                case 1: id = reader.ReadInt64(); break;
                case 2: ReadRepeated(ref reader, wire, keys, signed: false); break;
                case 3: ReadRepeated(ref reader, wire, values, signed: false); break;
                case 8: ReadRepeated(ref reader, wire, roles, signed: false); break;
                case 9: ReadRepeated(ref reader, wire, memberIds, signed: true); break;
                case 10: ReadRepeated(ref reader, wire, types, signed: false); break;
                default: reader.Skip(wire); break;
            }
        }

        if (roles.Count != memberIds.Count || types.Count != memberIds.Count)
        {
            throw new InvalidDataException($"relation {id} has {memberIds.Count} members but {roles.Count} roles and {types.Count} types");
        }

        var members = new OsmMember[memberIds.Count];
        long current = 0;
        for (var i = 0; i < members.Length; i++)
        {
            current += memberIds[i];
            members[i] = new OsmMember((int)types[i], current, String(strings, roles[i], "relation", id));
        }

        sink.OnRelation(id, Tags(keys, values, strings, "relation", id), members);
    }

    private static void ReadRepeated(ref ProtoReader reader, ProtoWireType wire, List<long> into, bool signed)
    {
        if (wire == ProtoWireType.Varint)
        {
            into.Add(signed ? reader.ReadSignedVarint() : reader.ReadInt64());
            return;
        }

        ProtoReader.Expect(0, wire, ProtoWireType.LengthDelimited);
        var packed = new ProtoReader(reader.ReadBytes());
        while (packed.HasMore)
        {
            into.Add(signed ? packed.ReadSignedVarint() : packed.ReadInt64());
        }
    }

    private static IReadOnlyDictionary<string, string> Tags(List<long> keys, List<long> values, string[] strings, string kind, long id)
    {
        if (keys.Count != values.Count)
        {
            throw new InvalidDataException($"{kind} {id} has {keys.Count} tag keys but {values.Count} values");
        }

        if (keys.Count == 0)
        {
            return NoTags;
        }

        var tags = new Dictionary<string, string>(keys.Count, StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            tags[String(strings, keys[i], kind, id)] = String(strings, values[i], kind, id);
        }

        return tags;
    }

    private static string String(string[] strings, long index, string kind, long id) =>
        index >= 0 && index < strings.Length
            ? strings[index]
            : throw new InvalidDataException($"{kind} {id} refers to string {index}, but the block's string table has {strings.Length}");

    private readonly record struct Scale(long Granularity, long LatOffset, long LonOffset)
    {
        public double Latitude(long value) => 1e-9 * (LatOffset + (Granularity * value));

        public double Longitude(long value) => 1e-9 * (LonOffset + (Granularity * value));
    }
}
