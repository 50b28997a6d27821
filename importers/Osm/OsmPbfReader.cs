using System.Text;
using TwinCity.Importers.Errors;
using TwinCity.Importers.Sources;

namespace TwinCity.Importers.Osm;

/// <summary>
/// Reads the buildings of an OpenStreetMap PBF file: closed ways tagged <c>building</c> (other than
/// <c>building=no</c>) and multipolygon relations tagged <c>building</c>, with all their tags and
/// WGS 84 footprints (counter-clockwise shells, clockwise holes). Strict about the file: any
/// corruption is an <see cref="ImportException"/> naming the file, block and byte. Tolerant per
/// feature: a building that cannot be built is skipped, and one whose outline is invalid but
/// repairable is repaired, each reported with its id and reason.
/// </summary>
public static class OsmPbfReader
{
    // The PBF features a file may require; any other is refused rather than misread.
    private static readonly string[] SupportedFeatures = ["OsmSchema-V0.6", "DenseNodes", "HistoricalInformation"];

    /// <summary>Reads the buildings of the file at <paramref name="path"/>.</summary>
    /// <param name="path">An <c>.osm.pbf</c> file.</param>
    /// <param name="cancellationToken">Checked between blocks.</param>
    /// <exception cref="ImportException">The file is not a readable PBF file.</exception>
    public static SourceReadResult Read(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(stream, Path.GetFileName(path), cancellationToken);
    }

    /// <summary>Reads the buildings of a PBF stream; <paramref name="file"/> names it in messages.</summary>
    /// <exception cref="ImportException">The stream is not a readable PBF file.</exception>
    public static SourceReadResult Read(Stream stream, string file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(file);
        var blocks = new PbfBlobReader(stream, file);
        var decoder = new PrimitiveBlockDecoder();
        var assembler = new OsmBuildingAssembler();
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
                        decoder.Decode(block.Data, assembler);
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

        var check = new FootprintCheck(file);
        var buildings = assembler.Finish(check, cancellationToken);
        return new SourceReadResult(buildings, check.Skipped, check.Repaired, "WGS 84 (OpenStreetMap)");
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
