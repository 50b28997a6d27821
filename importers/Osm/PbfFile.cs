using System.Text;
using TwinCity.Importers.Errors;

namespace TwinCity.Importers.Osm;

/// <summary>
/// The block loop every OpenStreetMap PBF reader shares: checks the header, decodes each data block
/// into a sink, skips block types it does not know. Strict about the file: any corruption is an
/// <see cref="ImportException"/> naming the file, block and byte.
/// </summary>
internal static class PbfFile
{
    // The PBF features a file may require; any other is refused rather than misread.
    private static readonly string[] SupportedFeatures = ["OsmSchema-V0.6", "DenseNodes", "HistoricalInformation"];

    /// <summary>Feeds every element of the PBF <paramref name="stream"/> to <paramref name="sink"/>; <paramref name="file"/> names it in messages.</summary>
    /// <exception cref="ImportException">The stream is not a readable PBF file.</exception>
    public static void Decode(Stream stream, string file, IOsmSink sink, CancellationToken cancellationToken)
    {
        var blocks = new PbfBlobReader(stream, file);
        var decoder = new PrimitiveBlockDecoder();
        while (blocks.ReadNext() is { } block)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (block.Index == 0 && block.Type != "OSMHeader")
                {
                    throw new InvalidDataException($"the first block is \"{block.Type}\", not \"OSMHeader\"; this is not an OpenStreetMap PBF file");
                }

                switch (block.Type)
                {
                    case "OSMHeader":
                        CheckHeader(block.Data.Span);
                        break;
                    case "OSMData":
                        decoder.Decode(block.Data, sink);
                        break;
                    default:
                        // The format lets writers add block types; readers skip what they do not know.
                        break;
                }
            }
            catch (InvalidDataException ex)
            {
                throw new ImportException($"{file} block {block.Index} at byte {block.Offset}: {ex.Message}", ex);
            }
        }

        if (blocks.Count == 0)
        {
            // ReadNext found no byte at all where the first block should start.
            throw new ImportException($"{file}: the file is empty; an OpenStreetMap PBF file starts with an OSMHeader block");
        }
    }

    private static void CheckHeader(ReadOnlySpan<byte> header)
    {
        var reader = new ProtoReader(header);
        while (reader.TryReadKey(out var field, out var wire))
        {
            if (field != 4)
            {
                // 1 bbox, 5 optional features, 16/17 writing program and source, replication fields.
                reader.Skip(wire);
                continue;
            }

            ProtoReader.Expect(field, wire, ProtoWireType.LengthDelimited);
            var feature = Encoding.UTF8.GetString(reader.ReadBytes());
            if (Array.IndexOf(SupportedFeatures, feature) < 0)
            {
                throw new InvalidDataException($"the file requires the PBF feature \"{feature}\", which this reader does not support (it supports {string.Join(", ", SupportedFeatures)})");
            }
        }
    }
}
