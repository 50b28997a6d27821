using System.Globalization;
using TwinCity.Importers.Errors;
using TwinCity.Importers.Geodesy;
using TwinCity.Importers.Networks;
using TwinCity.Models.Entities;
using TwinCity.Models.Storage;

namespace TwinCity.Importers.Layers;

/// <summary>
/// The street and utility layers of an import: for an OpenStreetMap PBF, the street graph and utility
/// networks next to its buildings (same frame, same blob prefix); for a GeoJSON file of lines, a city
/// of street segments only.
/// </summary>
public static class NetworkLayerImport
{
    /// <summary>Licence of the City of Cologne's open data, as an SPDX id.</summary>
    public const string KoelnLicence = "CC-BY-3.0";

    /// <summary>The attribution the City of Cologne asks for.</summary>
    public const string KoelnAttribution = "Quelle: Stadt Köln, Offene Daten Köln, CC BY 3.0";

    /// <summary>Adds the street and utility layers of <paramref name="path"/> to <paramref name="city"/> when it is an OpenStreetMap PBF; otherwise returns it as is.</summary>
    public static async Task<ImportedCity> AddOsmLayersAsync(ImportedCity city, string path, IBlobStore blobs, string prefix, CancellationToken cancellationToken)
    {
        if (!path.EndsWith(".osm.pbf", StringComparison.OrdinalIgnoreCase))
        {
            return city;
        }

        var networks = await Task.Run(() => OsmNetworkReader.Read(path, cancellationToken), cancellationToken);
        var frame = new LocalFrame(city.Origin);
        var licence = city.Provenance.Licence;
        var attribution = city.Provenance.Attribution;
        var layers = new List<ImportedLayer>();
        var streets = NetworkFeatures.Streets(networks.Streets);
        if (streets.Count > 0)
        {
            layers.Add(await LayerWriter.WriteAsync(LayerSpec.Streets, streets, frame, licence, attribution, blobs, prefix, cancellationToken));
        }

        var utilities = NetworkFeatures.Utilities(networks.Utilities);
        if (utilities.Count > 0)
        {
            layers.Add(await LayerWriter.WriteAsync(LayerSpec.Networks, utilities, frame, licence, attribution, blobs, prefix, cancellationToken));
        }

        var steps = city.Provenance.Steps.Append(
            $"street graph: {networks.Streets.Segments.Count} segments between {networks.Streets.Nodes.Count} intersections and ends, split at shared nodes; " +
            $"utility networks: {networks.Utilities.Edges.Count} edges, {networks.Utilities.Nodes.Count} nodes, {networks.Utilities.Substations.Count} substations; " +
            $"drawn as ribbons (width from lanes × {Format(NetworkFeatures.LaneWidth)} m, else by class) in {layers.Sum(l => l.Tiles.Count)} tiles");
        var report = city.Report with { Warnings = [.. city.Report.Warnings, .. networks.Skipped.Select(s => $"network: {s}")] };
        return city with { Layers = layers, Networks = networks, Provenance = city.Provenance with { Steps = [.. steps] }, Report = report };
    }

    /// <summary>Imports a GeoJSON file of street segments (<see cref="StreetSegmentGeoJsonReader"/>) as a city with a street layer and no buildings.</summary>
    /// <exception cref="ImportException">The file cannot be read; nothing is left under the prefix.</exception>
    public static async Task<ImportedCity> ImportStreetFileAsync(string path, CityImportSettings settings, IBlobStore blobs, string prefix, CancellationToken cancellationToken)
    {
        var file = Path.GetFileName(path);
        try
        {
            var features = await Task.Run(() => StreetSegmentGeoJsonReader.Read(path), cancellationToken);
            var points = features.SelectMany(f => f.Lines.SelectMany(l => l)).ToList();
            var origin = settings.Origin ?? new GeoOrigin(
                (points.Min(p => p.Latitude) + points.Max(p => p.Latitude)) / 2, (points.Min(p => p.Longitude) + points.Max(p => p.Longitude)) / 2, 0);
            var (licence, attribution) = Licence(settings, path);
            // Traffic segments are a few long roads across a whole city: cells of 2 km keep them to a handful of tiles.
            var layer = await LayerWriter.WriteAsync(LayerSpec.Streets with { TileSizeMeters = 2000 }, features, new LocalFrame(origin), licence, attribution, blobs, prefix, cancellationToken);
            var provenance = new Provenance(file, licence, attribution,
            [
                $"read {features.Count} street segments from {file} (GeoJSON, WGS 84), ids {StreetSegmentGeoJsonReader.IdPrefix(path)}<IDENTIFIER>",
                $"reprojected to a local east-north-up frame at {Format(origin.Latitude)}°N {Format(origin.Longitude)}°E",
                $"drawn as {Format(2 * NetworkFeatures.LaneWidth)} m ribbons in {layer.Tiles.Count} tiles (glTF 2.0 with EXT_mesh_features, 3D Tiles 1.1)",
            ]);
            var report = new ImportReport(features.Count, features.Count, [], [], []);
            return new ImportedCity(CityImporter.CityName(file), origin, [], [], provenance, report) { Layers = [layer] };
        }
        catch
        {
            await blobs.DeleteFolderAsync(prefix, CancellationToken.None);
            throw;
        }
    }

    private static (string Licence, string Attribution) Licence(CityImportSettings settings, string path)
    {
        if (settings.Licence is { Length: > 0 } licence)
        {
            return (licence, settings.Attribution ?? string.Empty);
        }

        return StreetSegmentGeoJsonReader.IdPrefix(path) == "koeln:segment/"
            ? (KoelnLicence, KoelnAttribution)
            : ("unspecified", "Licence not given: set it before publishing (--licence, --attribution)");
    }

    private static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
