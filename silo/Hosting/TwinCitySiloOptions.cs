namespace TwinCity.Silo.Hosting;

/// <summary>Options of the grains, bound from the <c>TwinCity:Silo</c> section.</summary>
public sealed class TwinCitySiloOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "TwinCity:Silo";

    /// <summary>Name of the grain storage provider every TwinCity grain uses.</summary>
    public const string StorageName = "twincity";

    /// <summary>Default <see cref="FrameInterval"/>: 100 ms (DESIGN §4).</summary>
    public static readonly TimeSpan DefaultFrameInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Default <see cref="SubscriptionLifetime"/>: 2 minutes.</summary>
    public static readonly TimeSpan DefaultSubscriptionLifetime = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Default <see cref="StateFlushInterval"/>: 30 seconds. Each active entity costs one blob write per
    /// interval however few readings it gets, so this sets the store's load: at 5 s, 50,000 busy buildings
    /// made 10,000 writes/s, a third of two cores (issue 4's profile). History is written at most a minute
    /// behind anyway, and latest values come back with the next readings.
    /// </summary>
    public static readonly TimeSpan DefaultStateFlushInterval = TimeSpan.FromSeconds(30);

    /// <summary>A tile grain emits at most one frame per this interval.</summary>
    public TimeSpan FrameInterval { get; set; } = DefaultFrameInterval;

    /// <summary>A front end that does not renew its subscription to a tile within this time stops receiving frames.</summary>
    public TimeSpan SubscriptionLifetime { get; set; } = DefaultSubscriptionLifetime;

    /// <summary>Entity grains (buildings, segments, network elements) write their latest values at most once per this interval.</summary>
    public TimeSpan StateFlushInterval { get; set; } = DefaultStateFlushInterval;

    /// <summary>
    /// When true, an entity grain writes its latest values and unstored history before a call that
    /// applied readings returns, so an acknowledged reading (HTTP 2xx, MQTT PUBACK) survives a silo
    /// killed right after. Readings that arrive for an entity while it writes wait and are written
    /// together with the next call (the ingestion coalesces them), so the cost is one write per entity
    /// call, not per reading. Off in the embedded twin (one process: latest values are written behind,
    /// <see cref="StateFlushInterval"/>), on by default for a silo of a cluster (silo/Program.cs).
    /// </summary>
    public bool DurableReadings { get; set; }

    /// <summary>
    /// Past values an entity keeps per metric (default 2,880: a day of 30-second readings, 35 KB per
    /// metric), in memory and in chunks of the blob store (<see cref="Persistence.HistoryChunkStore"/>).
    /// </summary>
    public int HistoryCapacity { get; set; } = 2880;

    /// <summary>Default <see cref="HistoryFlushInterval"/>: one minute.</summary>
    public static readonly TimeSpan DefaultHistoryFlushInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// History points are written when their chunk fills, and otherwise at most this long after the
    /// first unwritten one (and on deactivation): rewriting a 3 KB chunk with every state flush cost a
    /// third of the ingestion rate.
    /// </summary>
    public TimeSpan HistoryFlushInterval { get; set; } = DefaultHistoryFlushInterval;
}
