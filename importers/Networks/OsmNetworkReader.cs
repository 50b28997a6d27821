using System.Text;
using TwinCity.Importers.Errors;
using TwinCity.Importers.Osm;

namespace TwinCity.Importers.Networks;

/// <summary>
/// Reads the street graph and the utility networks of an OpenStreetMap PBF file in one pass, as
/// plain data. Strict about the file: any corruption is an <see cref="ImportException"/> naming the
/// file, block and byte. Tolerant per feature: a way whose nodes the extract cut off, or that has
/// fewer than two distinct nodes, is left out and reported in <see cref="OsmNetworks.Skipped"/>.
/// </summary>
/// <remarks>
/// One pass keeps every node's position until the ways arrive (16 bytes a node: Monaco's 41k nodes
/// take 0.7 MB). A planet-scale file would want a first pass to learn which nodes the networks use,
/// as the building reader notes too; a city extract does not.
/// </remarks>
public static class OsmNetworkReader
{
    // The PBF features a file may require; any other is refused rather than misread (as OsmPbfReader).
    private static readonly string[] SupportedFeatures = ["OsmSchema-V0.6", "DenseNodes", "HistoricalInformation"];

    /// <summary>Reads the networks of the file at <paramref name="path"/>.</summary>
    /// <param name="path">An <c>.osm.pbf</c> file.</param>
    /// <param name="cancellationToken">Checked between blocks and while building the networks.</param>
    /// <exception cref="ImportException">The file is not a readable PBF file.</exception>
    public static OsmNetworks Read(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(stream, Path.GetFileName(path), cancellationToken);
    }

    /// <summary>Reads the networks of a PBF stream; <paramref name="file"/> names it in messages.</summary>
    /// <exception cref="ImportException">The stream is not a readable PBF file.</exception>
    public static OsmNetworks Read(Stream stream, string file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(file);
        var sink = new NetworkSink();
        Decode(stream, file, sink, cancellationToken);
        return sink.Finish(file, cancellationToken);
    }

    // The same block loop as OsmPbfReader.Read, whose own is private to its building assembler; the
    // two could share one once that file is opened up.
    private static void Decode(Stream stream, string file, IOsmSink sink, CancellationToken cancellationToken)
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
