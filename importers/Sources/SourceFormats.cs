using TwinCity.Importers.Errors;
using TwinCity.Importers.Osm;

namespace TwinCity.Importers.Sources;

/// <summary>The formats <see cref="CityImporter"/> reads, chosen by file name.</summary>
public static class SourceFormats
{
    /// <summary>Every supported format, most specific name ending first (".city.json" before ".json").</summary>
    public static IReadOnlyList<SourceFormat> All { get; } =
    [
        new("OpenStreetMap PBF", [".osm.pbf", ".pbf"], true, (path, _, ct) => OsmPbfReader.Read(path, ct)),
        new("CityJSON", [".city.json", ".cityjson"], false, (path, _, ct) => CityJsonBuildingReader.Read(path, ct)),
        new("GeoJSON", [".geojson", ".json"], false, (path, _, ct) => GeoJsonBuildingReader.Read(path, ct)),
        new("ESRI Shapefile", [".shp"], false, (path, settings, ct) => ShapefileBuildingReader.Read(path, settings.Crs, ct)),
        new("glTF model", [".glb", ".gltf"], false, (path, settings, ct) => GltfLandmarkReader.Read(path, settings.Placement, ct)),
        new("GeoPackage", [".gpkg"], false, (path, settings, ct) => GeoPackageBuildingReader.Read(path, settings.Layer, ct)),
    ];

    /// <summary>The format of <paramref name="path"/>, by its name.</summary>
    /// <exception cref="ImportException">No format matches; the message lists those that do.</exception>
    public static SourceFormat Detect(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        return All.FirstOrDefault(f => f.Extensions.Any(name.EndsWith))
            ?? throw new ImportException($"{Path.GetFileName(path)}: unknown format; TwinCity imports {string.Join(", ", All.Select(f => $"{f.Name} ({string.Join(" ", f.Extensions)})"))}");
    }
}
