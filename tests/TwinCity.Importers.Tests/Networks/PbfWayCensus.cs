using System.Text;
using TwinCity.Importers.Tests.Osm;

namespace TwinCity.Importers.Tests.Networks;

/// <summary>
/// The ids and tags of a PBF file's ways, read with the test's own <see cref="PbfSurgery"/> rather
/// than the reader's decoder: the reference for files that have no GeoJSON export.
/// </summary>
internal static class PbfWayCensus
{
    /// <summary>Every way of <paramref name="file"/> with its tags.</summary>
    public static List<(long Id, Dictionary<string, string> Tags)> Ways(byte[] file)
    {
        var ways = new List<(long, Dictionary<string, string>)>();
        foreach (var block in PbfSurgery.Blocks(file).Where(b => b.Type == "OSMData"))
        {
            var data = PbfSurgery.Inflate(file, block);
            var fields = PbfSurgery.Fields(data, 0, data.Length);
            var table = fields.Single(f => f.Number == 1);
            var strings = PbfSurgery.Fields(data, table.Start, table.Length).Where(f => f.Number == 1).Select(f => Encoding.UTF8.GetString(data, f.Start, f.Length)).ToArray();
            foreach (var group in fields.Where(f => f.Number == 2))
            {
                foreach (var way in PbfSurgery.Fields(data, group.Start, group.Length).Where(f => f.Number == 3))
                {
                    var parts = PbfSurgery.Fields(data, way.Start, way.Length);
                    var keys = Varints(data, parts.Find(f => f.Number == 2));
                    var values = Varints(data, parts.Find(f => f.Number == 3));
                    var tags = keys.Zip(values).ToDictionary(kv => strings[kv.First], kv => strings[kv.Second], StringComparer.Ordinal);
                    ways.Add(((long)parts.Single(f => f.Number == 1).Value, tags));
                }
            }
        }

        return ways;
    }

    /// <summary>The values of a packed repeated varint field (empty for an absent one).</summary>
    public static List<int> Varints(byte[] data, (int Number, int Start, int Length, ulong Value) field)
    {
        var values = new List<int>();
        for (var position = field.Start; position < field.Start + field.Length;)
        {
            var value = 0UL;
            for (var shift = 0; ; shift += 7)
            {
                var b = data[position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    break;
                }
            }

            values.Add((int)value);
        }

        return values;
    }
}
