using System.Globalization;
using System.Text.RegularExpressions;
using TwinCity.Importers.Buildings;
using TwinCity.Importers.Errors;
using TwinCity.Importers.Geodesy;
using TwinCity.Importers.Sources;
using TwinCity.Importers.Tiles;
using TwinCity.Models.Entities;
using TwinCity.Models.Storage;

namespace TwinCity.Importers;

/// <summary>
/// The import pipeline, stage by stage: read the source → anchor a local frame at its centre →
/// reproject footprints → resolve heights → plan tiles → build one GLB per tile → write the tileset.
/// Everything lands under one blob prefix; if any stage fails the prefix is deleted, so an import
/// is all or nothing.
/// </summary>
public sealed partial class CityImporter(CityImportSettings settings)
{
    /// <summary>Licence of OpenStreetMap data, as an SPDX id.</summary>
    public const string OsmLicence = "ODbL-1.0";

    /// <summary>The attribution OpenStreetMap asks for wherever its data is shown.</summary>
    public const string OsmAttribution = "© OpenStreetMap contributors, data available under the Open Database License (ODbL) 1.0 — https://www.openstreetmap.org/copyright";

    /// <summary>Imports <paramref name="path"/> and writes its tiles under <paramref name="prefix"/> in <paramref name="blobs"/>.</summary>
    /// <exception cref="ImportException">The file cannot be imported; nothing is left under the prefix.</exception>
    public async Task<ImportedCity> ImportAsync(string path, IBlobStore blobs, string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(blobs);
        BlobName.Validate(prefix);
        var file = Path.GetFileName(path);
        var format = SourceFormats.Detect(path);
        try
        {
            var read = await Task.Run(() => format.Read(path, settings, cancellationToken), cancellationToken);
            return await BuildAsync(read, format, file, blobs, prefix, cancellationToken);
        }
        catch
        {
            await blobs.DeleteFolderAsync(prefix, CancellationToken.None);
            throw;
        }
    }

    private async Task<ImportedCity> BuildAsync(SourceReadResult read, SourceFormat format, string file, IBlobStore blobs, string prefix, CancellationToken cancellationToken)
    {
        if (read.Buildings.Count == 0)
        {
            throw new ImportException($"{file}: no buildings found ({read.Skipped.Count} features skipped{(read.Skipped.Count > 0 ? "; first: " + read.Skipped[0] : string.Empty)})");
        }

        var bounds = new NetTopologySuite.Geometries.Envelope();
        foreach (var building in read.Buildings)
        {
            bounds.ExpandToInclude(building.Footprint.EnvelopeInternal);
        }

        var origin = settings.Origin ?? new GeoOrigin(bounds.Centre.Y, bounds.Centre.X, 0);
        var frame = new LocalFrame(origin);
        var heights = new BuildingHeights(settings.Heights);
        var warnings = new List<string>();
        var buildings = new List<ImportedBuilding>(read.Buildings.Count);
        var estimated = 0;
        foreach (var source in read.Buildings)
        {
            var height = heights.Resolve(source.Tags);
            if (height.Warning is not null)
            {
                warnings.Add($"{file} {source.Id}: {height.Warning}");
            }

            estimated += height.Estimated ? 1 : 0;
            buildings.Add(new ImportedBuilding(source.Id, frame.ToLocal(source.Footprint), height, source.Tags));
        }

        var tiles = new CityTiler(settings.Tiling).Plan(buildings);
        var tileInfos = new TileInfo[tiles.Count];
        await Parallel.ForAsync(0, tiles.Count, cancellationToken, async (i, ct) =>
        {
            var tile = tiles[i];
            var mesh = TileMeshBuilder.Build(tile);
            lock (warnings)
            {
                warnings.AddRange(mesh.Problems);
            }

            var content = ContentOf(tile);
            await blobs.WriteAsync($"{prefix}/{content}", mesh.Glb, ct);
            tileInfos[i] = new TileInfo(tile.Id, tile.Bounds.MinX, tile.Bounds.MinY, tile.Bounds.MaxX, tile.Bounds.MaxY, tile.MaxHeight, tile.Buildings.Count, content);
        });
        await blobs.WriteAsync($"{prefix}/tileset.json", TilesetWriter.Write(frame, tiles, ContentOf), cancellationToken);

        var infos = new List<BuildingInfo>(buildings.Count);
        foreach (var tile in tiles)
        {
            for (var feature = 0; feature < tile.Buildings.Count; feature++)
            {
                var b = tile.Buildings[feature];
                infos.Add(new BuildingInfo(b.Id, b.Name, b.Height.Height, b.Height.MinHeight, b.Height.Estimated, b.Footprint.Area, tile.Id, feature, b.Tags));
            }
        }

        var (licence, attribution) = Licence(read, format);
        var provenance = new Provenance(file, licence, attribution,
        [
            $"read {read.Buildings.Count} buildings from {file} ({format.Name}, CRS {read.Crs})",
            $"reprojected from WGS 84 to a local east-north-up frame at {Format(origin.Latitude)}°N {Format(origin.Longitude)}°E",
            $"heights from height, else building:levels × {Format(settings.Heights.StoreyHeight)} m, else {settings.Heights.DefaultLevels} storeys (estimated for {estimated})",
            $"extruded with flat roofs into {tiles.Count} tiles of {Format(settings.Tiling.TileSizeMeters)} m (glTF 2.0 with EXT_mesh_features, 3D Tiles 1.1)",
        ]);
        var report = new ImportReport(read.Buildings.Count + read.Skipped.Count, infos.Count, read.Repaired, read.Skipped, warnings);
        return new ImportedCity(CityName(file), origin, tileInfos, infos, provenance, report);
    }

    /// <summary>
    /// The licence the caller gave; else OpenStreetMap's when the data is OSM (a PBF, or an export
    /// keeping OSM ids: a derivative database stays ODbL); else "unspecified", which the report flags.
    /// </summary>
    private (string Licence, string Attribution) Licence(SourceReadResult read, SourceFormat format)
    {
        if (settings.Licence is { Length: > 0 } licence)
        {
            return (licence, settings.Attribution ?? string.Empty);
        }

        return format.IsOpenStreetMap || read.Buildings.All(b => b.Id.StartsWith("osm:", StringComparison.Ordinal))
            ? (OsmLicence, OsmAttribution)
            : ("unspecified", "Licence not given: set it before publishing (--licence, --attribution)");
    }

    private static string ContentOf(TilePlan tile) => $"tiles/{tile.Id}.glb";

    /// <summary>"monaco-latest.osm.pbf" → "Monaco"; "saint-barthelemy-2014.osm.pbf" → "Saint Barthelemy".</summary>
    public static string CityName(string file)
    {
        var stem = Path.GetFileName(file).Split('.')[0];
        stem = NameNoise().Replace(stem, string.Empty);
        var words = stem.Split(['-', '_', ' '], StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0
            ? stem
            : string.Join(' ', words.Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
    }

    private static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"([-_](latest|\d+))+$", RegexOptions.IgnoreCase)]
    private static partial Regex NameNoise();
}
