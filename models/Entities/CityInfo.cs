using TwinCity.Models.Metrics;

namespace TwinCity.Models.Entities;

/// <summary>The city catalogue: what a viewer needs to show the twin.</summary>
/// <param name="Name">City name, e.g. "Monaco".</param>
/// <param name="Origin">Anchor of the local frame.</param>
/// <param name="Tiles">Every tile of the city.</param>
/// <param name="Metrics">The metrics the twin carries; a frame refers to a metric by its index here.</param>
/// <param name="Provenance">Source, licence and attribution of the city's data.</param>
/// <param name="Version">Increases every time a city is loaded, so clients can tell a reload.</param>
/// <param name="Layers">The tile layers the city has (buildings, streets, networks), each with its tileset.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.CityInfo")]
public sealed record CityInfo(
    string Name,
    GeoOrigin Origin,
    IReadOnlyList<TileInfo> Tiles,
    IReadOnlyList<MetricDefinition> Metrics,
    Provenance Provenance,
    long Version,
    IReadOnlyList<LayerInfo>? Layers = null);
