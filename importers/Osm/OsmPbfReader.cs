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
        var assembler = new OsmBuildingAssembler();
        PbfFile.Decode(stream, file, assembler, cancellationToken);

        var check = new FootprintCheck(file);
        var buildings = assembler.Finish(check, cancellationToken);
        return new SourceReadResult(buildings, check.Skipped, check.Repaired, "WGS 84 (OpenStreetMap)");
    }
}
