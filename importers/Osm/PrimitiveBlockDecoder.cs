using System.Globalization;

namespace TwinCity.Importers.Osm;

/// <summary>
/// Decodes <c>OSMData</c> blocks (PrimitiveBlock of the OSM PBF format) and hands an
/// <see cref="IOsmSink"/> what a building reader needs: every node's position, every way's node list
/// (with its tags only when it is tagged <c>building</c>), and multipolygon relations tagged
/// <c>building</c>; and, to a sink that <see cref="IOsmSink.WantsTags"/> (streets, utility networks),
/// every node or way with a tag it wants, with all its tags. Everything else is still decoded and
/// checked (string indices, counts, wire types) but not kept, and tags become strings only for
/// what is kept. Throws <see cref="InvalidDataException"/> on malformed data; the caller adds the
/// file and block. One instance reuses its buffers from block to block, so it is not thread-safe.
/// </summary>
/// <remarks>
/// Every way's node list is passed on, not just those of untagged and building ways: a member of a
/// building multipolygon often has tags of its own (an inner ring that is a courtyard swimming pool
/// or a pitch, an outer one with <c>source=Bing</c>); 15 of Monaco's 31 building relations have such
/// a member. Keeping them all costs 8 bytes per way node reference of the file.
/// </remarks>
internal sealed class PrimitiveBlockDecoder
{
    private readonly StringTable _strings = new();
    private readonly LongList _keys = new();
    private readonly LongList _values = new();
    private readonly LongList _refs = new(); // way node ids, relation member ids or dense node ids
    private readonly LongList _roles = new();
    private readonly LongList _types = new();
    private readonly LongList _lats = new();
    private readonly LongList _lons = new();
    private readonly LongList _keysVals = new(); // dense nodes' tags, only when the sink wants tags

    /// <summary>Decodes one PrimitiveBlock into <paramref name="sink"/>.</summary>
    public void Decode(ReadOnlyMemory<byte> block, IOsmSink sink)
    {
        // The string table and the coordinate scale come first in practice, but the format does not
        // promise it: read them in a first pass, then the groups.
        _strings.Reset(block);
        long granularity = 100, latOffset = 0, lonOffset = 0;
        var reader = new ProtoReader(block.Span);
        while (reader.TryReadKey(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    ProtoReader.Expect(field, wire, ProtoWireType.LengthDelimited);
                    _strings.Load(reader.ReadBytes());
                    break;
                case 17:
                    ProtoReader.Expect(field, wire, ProtoWireType.Varint);
                    granularity = reader.ReadInt64();
                    break;
                case 19:
                    ProtoReader.Expect(field, wire, ProtoWireType.Varint);
                    latOffset = reader.ReadInt64();
                    break;
                case 20:
                    ProtoReader.Expect(field, wire, ProtoWireType.Varint);
                    lonOffset = reader.ReadInt64();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (granularity is <= 0 or > int.MaxValue)
        {
            throw new InvalidDataException($"granularity {granularity} is outside 1..{int.MaxValue}");
        }

        var scale = new Scale(granularity, latOffset, lonOffset);
        reader = new ProtoReader(block.Span);
        while (reader.TryReadKey(out var field, out var wire))
        {
            if (field == 2)
            {
                ProtoReader.Expect(field, wire, ProtoWireType.LengthDelimited);
                DecodeGroup(reader.ReadBytes(), scale, sink);
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }

    private void DecodeGroup(ReadOnlySpan<byte> group, Scale scale, IOsmSink sink)
    {
        var reader = new ProtoReader(group);
        while (reader.TryReadKey(out var field, out var wire))
        {
            if (field is < 1 or > 4)
            {
                // 5 is changesets; anything newer is not ours either.
                reader.Skip(wire);
                continue;
            }

            ProtoReader.Expect(field, wire, ProtoWireType.LengthDelimited);
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
                    DecodeWay(payload, sink);
                    break;
                default:
                    DecodeRelation(payload, sink);
                    break;
            }
        }
    }

    private void DecodeNode(ReadOnlySpan<byte> node, Scale scale, IOsmSink sink)
    {
        long id = 0, lat = 0, lon = 0;
        bool hasLat = false, hasLon = false;
        _keys.Clear();
        _values.Clear();
        var reader = new ProtoReader(node);
        while (reader.TryReadKey(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    ProtoReader.Expect(field, wire, ProtoWireType.Varint);
                    id = reader.ReadSignedVarint();
                    break;
                case 8:
                    ProtoReader.Expect(field, wire, ProtoWireType.Varint);
                    lat = reader.ReadSignedVarint();
                    hasLat = true;
                    break;
                case 9:
                    ProtoReader.Expect(field, wire, ProtoWireType.Varint);
                    lon = reader.ReadSignedVarint();
                    hasLon = true;
                    break;
                case 2 when sink.WantsTags:
                    _keys.AddRepeated(ref reader, field, wire, signed: false);
                    break;
                case 3 when sink.WantsTags:
                    _values.AddRepeated(ref reader, field, wire, signed: false);
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (!hasLat || !hasLon)
        {
            throw new InvalidDataException($"node {id} has no {(hasLat ? "longitude" : "latitude")}");
        }

        sink.OnNode(id, scale.LongitudeE7(lon, id), scale.LatitudeE7(lat, id));
        OfferNode(id, sink);
    }

    private void DecodeDense(ReadOnlySpan<byte> dense, Scale scale, IOsmSink sink)
    {
        _refs.Clear();
        _lats.Clear();
        _lons.Clear();
        _keysVals.Clear();
        var reader = new ProtoReader(dense);
        while (reader.TryReadKey(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    _refs.AddRepeated(ref reader, field, wire, signed: true);
                    break;
                case 8:
                    _lats.AddRepeated(ref reader, field, wire, signed: true);
                    break;
                case 9:
                    _lons.AddRepeated(ref reader, field, wire, signed: true);
                    break;
                case 10 when sink.WantsTags:
                    _keysVals.AddRepeated(ref reader, field, wire, signed: false);
                    break;
                default:
                    // 5 denseinfo, and 10 keys_vals unless the sink wants tags: buildings need none.
                    reader.Skip(wire);
                    break;
            }
        }

        var ids = _refs.Span;
        var lats = _lats.Span;
        var lons = _lons.Span;
        if (lats.Length != ids.Length || lons.Length != ids.Length)
        {
            throw new InvalidDataException($"dense nodes have {ids.Length} ids but {lats.Length} latitudes and {lons.Length} longitudes");
        }

        long id = 0, lat = 0, lon = 0;
        var at = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            id += ids[i];
            lat += lats[i];
            lon += lons[i];
            sink.OnNode(id, scale.LongitudeE7(lon, id), scale.LatitudeE7(lat, id));
            if (_keysVals.Count > 0)
            {
                at = NextDenseTags(at, id);
                OfferNode(id, sink);
            }
        }
    }

    /// <summary>
    /// Moves dense node <paramref name="id"/>'s tags from keys_vals (key, value, ..., 0 per node; empty
    /// when no node of the group has tags) into <see cref="_keys"/>/<see cref="_values"/>.
    /// </summary>
    private int NextDenseTags(int at, long id)
    {
        _keys.Clear();
        _values.Clear();
        var keysVals = _keysVals.Span;
        while (true)
        {
            if (at >= keysVals.Length)
            {
                throw new InvalidDataException($"dense node {id}: keys_vals ends before the node's tags do (it holds {keysVals.Length} entries)");
            }

            var key = keysVals[at++];
            if (key == 0)
            {
                return at;
            }

            if (at >= keysVals.Length)
            {
                throw new InvalidDataException($"dense node {id}: tag key {key} has no value in keys_vals");
            }

            _keys.Add(key);
            _values.Add(keysVals[at++]);
        }
    }

    /// <summary>Gives the sink node <paramref name="id"/>, whose tags are in <see cref="_keys"/>/<see cref="_values"/>, if it wants it.</summary>
    private void OfferNode(long id, IOsmSink sink)
    {
        if (_keys.Count + _values.Count > 0)
        {
            ReadTags("node", id, out _);
            if (Wanted(sink, "node", id))
            {
                sink.OnTaggedNode(id, Tags("node", id));
            }
        }
    }

    /// <summary>Whether the sink wants the element whose tags, already checked, are in <see cref="_keys"/>/<see cref="_values"/>.</summary>
    private bool Wanted(IOsmSink sink, string kind, long id)
    {
        for (var i = 0; sink.WantsTags && i < _keys.Count; i++)
        {
            if (sink.Wants(_strings.Bytes(_keys[i], kind, id), _strings.Bytes(_values[i], kind, id)))
            {
                return true;
            }
        }

        return false;
    }

    private void DecodeWay(ReadOnlySpan<byte> way, IOsmSink sink)
    {
        _keys.Clear();
        _values.Clear();
        _refs.Clear();
        long id = 0;
        var reader = new ProtoReader(way);
        while (reader.TryReadKey(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    ProtoReader.Expect(field, wire, ProtoWireType.Varint);
                    id = reader.ReadInt64();
                    break;
                case 2:
                    _keys.AddRepeated(ref reader, field, wire, signed: false);
                    break;
                case 3:
                    _values.AddRepeated(ref reader, field, wire, signed: false);
                    break;
                case 8:
                    _refs.AddRepeated(ref reader, field, wire, signed: true);
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        var building = ReadTags("way", id, out _);
        _refs.UndoDeltas();
        sink.OnWay(id, _refs.Span, building ? Tags("way", id) : null);
        if (Wanted(sink, "way", id))
        {
            sink.OnTaggedWay(id, _refs.Span, Tags("way", id));
        }
    }

    private void DecodeRelation(ReadOnlySpan<byte> relation, IOsmSink sink)
    {
        _keys.Clear();
        _values.Clear();
        _roles.Clear();
        _refs.Clear();
        _types.Clear();
        long id = 0;
        var reader = new ProtoReader(relation);
        while (reader.TryReadKey(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    ProtoReader.Expect(field, wire, ProtoWireType.Varint);
                    id = reader.ReadInt64();
                    break;
                case 2:
                    _keys.AddRepeated(ref reader, field, wire, signed: false);
                    break;
                case 3:
                    _values.AddRepeated(ref reader, field, wire, signed: false);
                    break;
                case 8:
                    _roles.AddRepeated(ref reader, field, wire, signed: false);
                    break;
                case 9:
                    _refs.AddRepeated(ref reader, field, wire, signed: true);
                    break;
                case 10:
                    _types.AddRepeated(ref reader, field, wire, signed: false);
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        var count = _refs.Count;
        if (_roles.Count != count || _types.Count != count)
        {
            throw new InvalidDataException($"relation {id} has {count} member ids but {_roles.Count} roles and {_types.Count} member types");
        }

        for (var i = 0; i < count; i++)
        {
            _strings.Check(_roles[i], "relation", id);
            if (_types[i] is < OsmMember.Node or > OsmMember.Relation)
            {
                throw new InvalidDataException($"relation {id} member {i} has type {_types[i]}; PBF knows 0 (node), 1 (way) and 2 (relation)");
            }
        }

        if (!ReadTags("relation", id, out var multipolygon) || !multipolygon)
        {
            return;
        }

        _refs.UndoDeltas();
        var members = new OsmMember[count];
        for (var i = 0; i < count; i++)
        {
            members[i] = new OsmMember((int)_types[i], _refs[i], _strings.Text(_roles[i], "relation", id));
        }

        sink.OnBuildingRelation(id, Tags("relation", id), members);
    }

    /// <summary>
    /// Checks the tags in <see cref="_keys"/>/<see cref="_values"/> and says, comparing bytes so no
    /// string is made, whether they hold <c>building</c> (other than <c>no</c>) and <c>type=multipolygon</c>.
    /// </summary>
    private bool ReadTags(string kind, long id, out bool multipolygon)
    {
        if (_keys.Count != _values.Count)
        {
            throw new InvalidDataException($"{kind} {id} has {_keys.Count} tag keys but {_values.Count} values");
        }

        var building = false;
        multipolygon = false;
        for (var i = 0; i < _keys.Count; i++)
        {
            var key = _strings.Bytes(_keys[i], kind, id);
            var value = _strings.Bytes(_values[i], kind, id);
            if (key.SequenceEqual("building"u8))
            {
                building = !value.SequenceEqual("no"u8);
            }
            else if (key.SequenceEqual("type"u8))
            {
                multipolygon = value.SequenceEqual("multipolygon"u8);
            }
        }

        return building;
    }

    private Dictionary<string, string> Tags(string kind, long id)
    {
        var tags = new Dictionary<string, string>(_keys.Count, StringComparer.Ordinal);
        for (var i = 0; i < _keys.Count; i++)
        {
            tags[_strings.Text(_keys[i], kind, id)] = _strings.Text(_values[i], kind, id);
        }

        return tags;
    }

    /// <summary>A block's coordinate scale: nanodegrees = offset + granularity × value.</summary>
    private readonly struct Scale(long granularity, long latOffset, long lonOffset)
    {
        private const long NanodegreesPerDegree = 1_000_000_000;

        public int LatitudeE7(long value, long id) => ToE7(value, latOffset, 90, "latitude", id);

        public int LongitudeE7(long value, long id) => ToE7(value, lonOffset, 180, "longitude", id);

        private int ToE7(long value, long offset, long limit, string what, long id)
        {
            // Hostile values must not wrap around into a plausible position: check the product and
            // the sum for overflow, then the range.
            var high = Math.BigMul(granularity, value, out long low);
            var nano = unchecked(low + offset);
            var overflow = high != (low >> 63) || ((low ^ nano) & (offset ^ nano)) < 0;
            if (overflow || nano > limit * NanodegreesPerDegree || nano < -limit * NanodegreesPerDegree)
            {
                var degrees = overflow ? "beyond the range of a 64-bit number" : (nano / (double)NanodegreesPerDegree).ToString("R", CultureInfo.InvariantCulture);
                throw new InvalidDataException($"node {id} has {what} {degrees}, outside ±{limit} degrees");
            }

            // OSM's own precision is 1e-7 degrees (granularity 100); round to it, half away from zero.
            return (int)((nano + (nano < 0 ? -50 : 50)) / 100);
        }
    }
}
