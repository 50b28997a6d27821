namespace TwinCity.Silo.Ingestion;

/// <summary>What one process's ingestion has acknowledged and still has to hand to grains.</summary>
/// <param name="ReadingsQueued">Readings acknowledged and not yet in a call to their entity.</param>
/// <param name="EntitiesActive">Entities with readings queued, or called less than one interval ago.</param>
/// <param name="EntityInterval">Least time between two calls to one entity; zero when every batch waits for its entities (durable readings).</param>
/// <param name="LiveValuesQueued">Readings acknowledged and not yet in a call to their tile (not yet on screen); normally a few milliseconds' worth.</param>
public readonly record struct IngestionBacklog(long ReadingsQueued, int EntitiesActive, TimeSpan EntityInterval, long LiveValuesQueued);
