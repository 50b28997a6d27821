using TwinCity.Models.Entities;
using TwinCity.Models.Metrics;

namespace TwinCity.Models.Grains;

/// <summary>One building of the twin, keyed by its stable id (e.g. <c>osm:way/123</c>).</summary>
public interface IBuildingGrain : IWritesBehind
{
    /// <summary>Sets the building's description from an import; keeps latest metrics when only the description changes.</summary>
    Task InitializeAsync(BuildingInfo info);

    /// <summary>
    /// Applies readings (any metrics, any order): the newest reading per metric wins, and each reading
    /// newer than the one held joins the history. Tiles are not told from here (see <see cref="AppliedReadings"/>).
    /// </summary>
    /// <returns>What changed, or <see cref="AppliedReadings.Unknown"/> when the building was never initialised; nothing changes then.</returns>
    /// <remarks>
    /// The list is <c>[Immutable]</c>: passed without a copy to a grain in the same process, so the caller must
    /// not change it before the call has succeeded. A call that failed or timed out may still be reading it.
    /// </remarks>
    Task<AppliedReadings> ApplyReadingsAsync([Immutable] IReadOnlyList<MetricReading> readings);

    /// <summary>The description and latest metric values, or null for an unknown id.</summary>
    Task<BuildingSnapshot?> GetSnapshotAsync();

    /// <summary>
    /// Past values of one metric between <paramref name="from"/> and <paramref name="to"/>, oldest first,
    /// at most <paramref name="maxPoints"/> (the most recent ones when there are more).
    /// </summary>
    Task<IReadOnlyList<HistoryPoint>> GetHistoryAsync(int metricIndex, DateTimeOffset from, DateTimeOffset to, int maxPoints);
}
