namespace TwinCity.Importers.Osm;

/// <summary>The protobuf wire types a PBF file may use (groups, 3 and 4, are rejected).</summary>
internal enum ProtoWireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    Fixed32 = 5,
}
