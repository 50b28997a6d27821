using TwinCity.Models.Entities;

namespace TwinCity.Importers;

/// <summary>The result of importing a city: entities for the twin; tiles already written to the blob store.</summary>
/// <param name="Name">City name, from the file name (e.g. "Monaco").</param>
/// <param name="Origin">Anchor of the local frame.</param>
/// <param name="Tiles">The tiles written.</param>
/// <param name="Buildings">Every building, with its tile and feature index.</param>
/// <param name="Provenance">Source, licence, attribution and processing steps.</param>
/// <param name="Report">Counts, skipped features and warnings.</param>
public sealed record ImportedCity(
    string Name,
    GeoOrigin Origin,
    IReadOnlyList<TileInfo> Tiles,
    IReadOnlyList<BuildingInfo> Buildings,
    Provenance Provenance,
    ImportReport Report)
{
    /// <summary>The street and utility layers written next to the buildings (empty when the source has none).</summary>
    public IReadOnlyList<Layers.ImportedLayer> Layers { get; init; } = [];

    /// <summary>
    /// The buildings with their local footprints, for the scenario analyses' baseline (the tiles hold only meshes).
    /// Held only as long as the caller keeps this result.
    /// </summary>
    public IReadOnlyList<Buildings.ImportedBuilding> BuildingGeometry { get; init; } = [];

    /// <summary>The street graph and utility networks read from an OpenStreetMap file, with node positions; null for other sources.</summary>
    public Networks.OsmNetworks? Networks { get; init; }
}
