using TwinCity.Models.Metrics;

namespace TwinCity.Silo.Grains;

/// <summary>
/// What an entity keeps per metric: the latest value, the time of the reading behind it, and how many
/// of the metric's history points are in the store. Arrays indexed by metric, grown to the highest
/// metric the entity reports: an entity reports a handful of metrics, and a million resident grains
/// pay for three small arrays instead of three dictionaries (see the resident-grains benchmark).
/// </summary>
[GenerateSerializer, Alias("TwinCity.Silo.EntityMetrics")]
public sealed class EntityMetrics
{
    /// <summary>Latest value per metric index (meaningful where <see cref="Ticks"/> is non-zero).</summary>
    [Id(0)] public double[] Values { get; set; } = [];

    /// <summary>UTC ticks of the reading behind each value; 0 where the metric has no value.</summary>
    [Id(1)] public long[] Ticks { get; set; } = [];

    /// <summary>Points of each metric's history written to the blob store (see <see cref="PersistedHistory"/>).</summary>
    [Id(2)] public long[] HistoryStored { get; set; } = [];

    /// <summary>
    /// Per metric, the retention in days the register last gave its history (0: none known). Kept so that a
    /// sensor removed from the register does not take its promise with it: its history still expires.
    /// </summary>
    [Id(3)] public int[] RetentionDays { get; set; } = [];

    /// <summary>Time of the newest reading held, or null when there is none.</summary>
    public DateTimeOffset? Updated
    {
        get
        {
            var newest = Ticks.Length == 0 ? 0 : Ticks.Max();
            return newest == 0 ? null : new DateTimeOffset(newest, TimeSpan.Zero);
        }
    }

    /// <summary>Applies a reading unless an equal or newer one is already held (so replays and reordered batches converge); true when it changed the value.</summary>
    public bool Apply(MetricReading reading)
    {
        var metric = reading.MetricIndex;
        var ticks = reading.Time.UtcTicks;
        if (metric < Ticks.Length && Ticks[metric] >= ticks)
        {
            return false;
        }

        Values = Grown(Values, metric);
        Ticks = Grown(Ticks, metric);
        Values[metric] = reading.Value;
        Ticks[metric] = ticks;
        return true;
    }

    /// <summary>The latest value of a metric, or null when it has none.</summary>
    public double? ValueOf(int metric) => metric < Ticks.Length && Ticks[metric] != 0 ? Values[metric] : null;

    /// <summary>The latest values keyed by metric id.</summary>
    public Dictionary<string, double> ById()
    {
        var byId = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var metric = 0; metric < Ticks.Length; metric++)
        {
            if (Ticks[metric] != 0)
            {
                byId[MetricCatalog.Buildings[metric].Id] = Values[metric];
            }
        }

        return byId;
    }

    /// <summary>Forgets the latest values (the entity now maps to another tile or feature); the history counts stay.</summary>
    public void ClearValues()
    {
        Values = [];
        Ticks = [];
    }

    /// <summary>History points of a metric written to the store.</summary>
    public long StoredCount(int metric) => metric < HistoryStored.Length ? HistoryStored[metric] : 0;

    /// <summary>Records that the store now holds <paramref name="total"/> history points of a metric.</summary>
    public void SetStoredCount(int metric, long total)
    {
        HistoryStored = Grown(HistoryStored, metric);
        HistoryStored[metric] = total;
    }

    /// <summary>The retention last known for a metric's history, or null.</summary>
    public TimeSpan? RetentionOf(int metric) => metric < RetentionDays.Length && RetentionDays[metric] > 0 ? TimeSpan.FromDays(RetentionDays[metric]) : null;

    /// <summary>Remembers a metric's retention as the register gives it now; true when that changed the state.</summary>
    public bool RememberRetention(int metric, TimeSpan retention)
    {
        var days = (int)Math.Ceiling(retention.TotalDays);
        if (RetentionOf(metric) is { } known && (int)known.TotalDays == days)
        {
            return false;
        }

        RetentionDays = Grown(RetentionDays, metric);
        RetentionDays[metric] = days;
        return true;
    }

    private static T[] Grown<T>(T[] array, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (index < array.Length)
        {
            return array;
        }

        var grown = new T[index + 1];
        array.CopyTo(grown, 0);
        return grown;
    }
}
