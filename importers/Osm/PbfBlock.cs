namespace TwinCity.Importers.Osm;

/// <summary>One decompressed block of a PBF file, valid until the next block is read (its buffer is reused).</summary>
/// <param name="Type">Blob type: <c>OSMHeader</c>, <c>OSMData</c>, or one this reader skips.</param>
/// <param name="Data">The decompressed block.</param>
/// <param name="Index">Position of the block in the file, from 0.</param>
/// <param name="Offset">Byte offset of the block's header length prefix in the file.</param>
internal readonly record struct PbfBlock(string Type, ReadOnlyMemory<byte> Data, int Index, long Offset);
