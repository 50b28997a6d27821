using TwinCity.Models.Entities;
using TwinCity.Models.Metrics;

namespace TwinCity.Models.Grains;

/// <summary>
/// One street segment, utility node or utility edge of the twin, keyed by its stable id (e.g.
/// <c>osm:way/123#0</c>, <c>koeln:segment/ST001</c>). It behaves like <see cref="IBuildingGrain"/>:
/// latest value per metric, bounded history, changes told to its tile. A city load does not initialise it:
/// on first use it reads its description from its tile's <see cref="ILayerTileCatalogGrain"/>.
/// </summary>
public interface INetworkEntityGrain : IWritesBehind
{
    /// <summary>Sets the description explicitly (it then no longer follows the tile catalogue); keeps latest metrics when only the description changes.</summary>
    Task InitializeAsync(NetworkEntityInfo info);

    /// <summary>
    /// Applies readings (any metrics, any order): the newest reading per metric wins, and each reading
    /// newer than the one held joins the history. Tiles are not told from here (see <see cref="AppliedReadings"/>).
    /// </summary>
    /// <returns>What changed, or <see cref="AppliedReadings.Unknown"/> when the entity is not in the city; nothing changes then.</returns>
    /// <remarks>
    /// The list is <c>[Immutable]</c>: passed without a copy to a grain in the same process, so the caller must
    /// not change it before the call has succeeded. A call that failed or timed out may still be reading it.
    /// </remarks>
    Task<AppliedReadings> ApplyReadingsAsync([Immutable] IReadOnlyList<MetricReading> readings);

    /// <summary>The description and latest metric values, or null for an unknown id.</summary>
    Task<NetworkEntitySnapshot?> GetSnapshotAsync();

    /// <summary>Past values of one metric in [<paramref name="from"/>, <paramref name="to"/>], oldest first, the newest <paramref name="maxPoints"/> of them.</summary>
    Task<IReadOnlyList<HistoryPoint>> GetHistoryAsync(int metricIndex, DateTimeOffset from, DateTimeOffset to, int maxPoints);
}
