namespace TwinCity.Importers.Osm;

/// <summary>One decompressed blob of a PBF file.</summary>
/// <param name="Type">Blob type: <c>OSMHeader</c> or <c>OSMData</c>.</param>
/// <param name="Data">The decompressed block.</param>
/// <param name="Index">Position of the blob in the file, from 0.</param>
/// <param name="Offset">Byte offset of the blob's header in the file.</param>
internal sealed record PbfBlock(string Type, byte[] Data, int Index, long Offset);
