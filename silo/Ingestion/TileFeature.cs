namespace TwinCity.Silo.Ingestion;

/// <summary>Where an entity is drawn: its tile and its feature index there (the tile grain takes its live values).</summary>
/// <param name="TileId">The tile, a building tile or a street or utility layer tile.</param>
/// <param name="FeatureIndex">The entity's <c>_FEATURE_ID_0</c> in that tile.</param>
public readonly record struct TileFeature(string TileId, int FeatureIndex);
