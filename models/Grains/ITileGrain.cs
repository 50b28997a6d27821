using TwinCity.Models.Frames;

namespace TwinCity.Models.Grains;

/// <summary>
/// One tile of the city, keyed by tile id. It keeps every feature's latest values and emits at
/// most one <see cref="TileFrame"/> per tick to its subscribers, holding every change since the
/// previous frame (DESIGN §4).
/// </summary>
public interface ITileGrain : IGrainWithStringKey
{
    /// <summary>Declares the tile's features (index i is <paramref name="featureIds"/>[i]) and metric count; resets values.</summary>
    Task InitializeAsync(IReadOnlyList<string> featureIds, int metricCount);

    /// <summary>
    /// Records its features' latest readings (the live path: ingestion calls the tile directly, DESIGN §4);
    /// a reading older than the value held is ignored, so replays and reordered batches converge. What
    /// changed goes out in the next frame.
    /// </summary>
    /// <remarks>The list is <c>[Immutable]</c>: passed without a defensive copy, so the caller must not change it afterwards.</remarks>
    Task ApplyReadingsAsync([Immutable] IReadOnlyList<FeatureReading> readings);

    /// <summary>Every feature's latest values as a snapshot frame carrying the current sequence number.</summary>
    Task<TileFrame> GetSnapshotAsync();

    /// <summary>The entity id of a feature, or null when the index is out of range.</summary>
    Task<string?> GetFeatureIdAsync(int featureIndex);

    /// <summary>The entity id of every feature, by feature index.</summary>
    Task<IReadOnlyList<string>> GetFeatureIdsAsync();

    /// <summary>Starts sending frames to <paramref name="observer"/>; call again within the subscription lifetime to stay subscribed.</summary>
    Task SubscribeAsync(ITileObserver observer);

    /// <summary>Stops sending frames to <paramref name="observer"/>.</summary>
    Task UnsubscribeAsync(ITileObserver observer);
}
