namespace TwinCity.Importers.Sources;

/// <summary>A file format we import buildings from, and how to read it.</summary>
/// <param name="Name">Human name, e.g. "GeoPackage".</param>
/// <param name="Extensions">File name endings, lower case, e.g. ".gpkg".</param>
/// <param name="IsOpenStreetMap">True when the format is OSM's own (its licence is known).</param>
/// <param name="Read">Reads a file with the import's settings (layer, CRS override).</param>
public sealed record SourceFormat(string Name, string[] Extensions, bool IsOpenStreetMap, Func<string, CityImportSettings, CancellationToken, SourceReadResult> Read);
