using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;
using TwinCity.Importers.Crs;
using TwinCity.Importers.Errors;

namespace TwinCity.Importers.Sources;

/// <summary>
/// Reads building polygons from an ESRI Shapefile (.shp + .dbf, CRS from the .prj beside it) with
/// NetTopologySuite.IO.Esri and reprojects them to WGS 84. A shapefile without a .prj has no CRS:
/// that is an error unless the caller names one (<c>--crs EPSG:…</c>).
/// </summary>
public static class ShapefileBuildingReader
{
    /// <summary>Reads the shapefile at <paramref name="path"/> (the .shp).</summary>
    /// <param name="path">The .shp file; .dbf and .prj must sit beside it.</param>
    /// <param name="crs">CRS to use when there is no .prj, e.g. <c>EPSG:32632</c>; null to require the .prj.</param>
    /// <param name="cancellationToken">Checked between features.</param>
    public static SourceReadResult Read(string path, string? crs = null, CancellationToken cancellationToken = default)
    {
        var file = Path.GetFileName(path);
        var prj = Path.ChangeExtension(path, ".prj");
        var sourceCrs = File.Exists(prj)
            ? SourceCrs.FromWkt(File.ReadAllText(prj), Path.GetFileName(prj))
            : crs is not null
                ? SourceCrs.FromCode(crs, file)
                : throw new CrsException($"{file}: no {Path.GetFileName(prj)} beside it, so its CRS is unknown; add the .prj or name the CRS (--crs EPSG:32632)");
        foreach (var part in new[] { ".dbf", ".shx" })
        {
            if (!File.Exists(Path.ChangeExtension(path, part)))
            {
                throw new ImportException($"{file}: the {Path.GetFileName(Path.ChangeExtension(path, part))} file of the shapefile is missing");
            }
        }

        var check = new FootprintCheck(file);
        var buildings = new List<SourceBuilding>();
        try
        {
            using var reader = Shapefile.OpenRead(path, new ShapefileReaderOptions());
            var index = 0;
            while (reader.Read(out var deleted, out var feature))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (deleted)
                {
                    index++;
                    continue;
                }

                var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var name in feature.Attributes.GetNames())
                {
                    if (FeatureIds.Text(feature.Attributes[name]) is { Length: > 0 } value)
                    {
                        attributes[name] = value.Trim();
                    }
                }

                var id = FeatureIds.From(attributes, null, file, index++);
                if (check.Check(id, feature.Geometry is null ? null : sourceCrs.ToWgs84(feature.Geometry)) is { } footprint)
                {
                    buildings.Add(new SourceBuilding(id, footprint, attributes));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or FormatException or NotSupportedException or IndexOutOfRangeException or InvalidOperationException or OverflowException)
        {
            throw new ImportException($"{file}: the shapefile is damaged: {ex.Message}", ex);
        }

        return new SourceReadResult(buildings, check.Skipped, check.Repaired, sourceCrs.Name);
    }
}
