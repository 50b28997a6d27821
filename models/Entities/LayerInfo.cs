namespace TwinCity.Models.Entities;

/// <summary>One tile layer of the city (buildings, streets, utility networks), each its own 3D Tiles 1.1 tileset.</summary>
/// <param name="Id">One of <see cref="LayerIds"/>.</param>
/// <param name="Name">Human label in English.</param>
/// <param name="Tileset">URL path of its <c>tileset.json</c>, e.g. <c>/city/streets/tileset.json</c>.</param>
/// <param name="FeatureCount">Entities drawn in the layer.</param>
[GenerateSerializer, Immutable, Alias("TwinCity.LayerInfo")]
public sealed record LayerInfo(string Id, string Name, string Tileset, int FeatureCount);
