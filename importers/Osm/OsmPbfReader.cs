using TwinCity.Importers.Errors;
using TwinCity.Importers.Sources;

namespace TwinCity.Importers.Osm;

/// <summary>
/// Reads the buildings of an OpenStreetMap PBF file: closed ways tagged <c>building</c> and
/// multipolygon relations tagged <c>building</c>, with all their tags. Strict about the file (any
/// corruption is an <see cref="ImportException"/> naming file, blob and byte), tolerant per
/// feature (a building that cannot be built is skipped with its id and reason).
/// </summary>
public static class OsmPbfReader
{
    private static readonly HashSet<string> KnownFeatures = ["OsmSchema-V0.6", "DenseNodes", "HistoricalInformation"];

    /// <summary>Reads the buildings of the file at <paramref name="path"/>.</summary>
    /// <exception cref="ImportException">The file is not a readable PBF file.</exception>
    public static SourceReadResult Read(string path, CancellationToken cancellationToken = default)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, Path.GetFileName(path), cancellationToken);
    }

    /// <summary>Reads the buildings of a PBF stream; <paramref name="file"/> names it in messages.</summary>
    public static SourceReadResult Read(Stream stream, string file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var blobs = new PbfBlobReader(stream, file);
        var assembler = new OsmBuildingAssembler(file);
        var sawHeader = false;
        while (blobs.ReadNext() is { } block)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (block.Type == "OSMHeader")
                {
                    CheckHeader(block.Data);
                    sawHeader = true;
                }
                else if (block.Type == "OSMData")
                {
                    if (!sawHeader)
                    {
                        throw new InvalidDataException("data block before the OSMHeader block");
                    }

                    PrimitiveBlockDecoder.Decode(block.Data, assembler);
                }
            }
            catch (InvalidDataException ex)
            {
                throw new ImportException($"{file} blob {block.Index} at byte {block.Offset}: {ex.Message}", ex);
            }
        }

        if (!sawHeader)
        {
            throw new ImportException($"{file}: no OSMHeader block; this is not an OpenStreetMap PBF file");
        }

        return assembler.Finish(cancellationToken);
    }

    private static void CheckHeader(ReadOnlySpan<byte> header)
    {
        var reader = new ProtoReader(header);
        while (reader.TryReadKey(out var field, out var wire))
        {
            if (field == 4)
            {
                ProtoReader.Expect(field, wire, ProtoWireType.LengthDelimited);
                var feature = System.Text.Encoding.UTF8.GetString(reader.ReadBytes());
                if (!KnownFeatures.Contains(feature))
                {
                    throw new InvalidDataException($"the file requires the PBF feature \"{feature}\", which this reader does not support");
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }
}
