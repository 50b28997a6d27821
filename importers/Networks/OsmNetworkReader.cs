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
        PbfFile.Decode(stream, file, sink, cancellationToken);
        return sink.Finish(file, cancellationToken);
    }
}
