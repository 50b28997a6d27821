namespace TwinCity.Silo.Ingestion;

/// <summary>Limits on incoming readings, bound from the <c>TwinCity:Ingestion</c> section.</summary>
public sealed class IngestionOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "TwinCity:Ingestion";

    /// <summary>Default <see cref="MaxBatchSize"/>.</summary>
    public const int DefaultMaxBatchSize = 10_000;

    /// <summary>Default <see cref="MaxBodyBytes"/>: 1 MiB.</summary>
    public const int DefaultMaxBodyBytes = 1024 * 1024;

    /// <summary>Default <see cref="MaxQueuedForEntities"/>: about 128 MB of queued readings.</summary>
    public const int DefaultMaxQueuedForEntities = 4_000_000;

    /// <summary>Default <see cref="MaxUnacknowledgedMessages"/>.</summary>
    public const int DefaultMaxUnacknowledgedMessages = 20_000;

    /// <summary>Most readings accepted in one batch.</summary>
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

    /// <summary>Largest HTTP body accepted for a batch, in bytes.</summary>
    public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>How far in the future a reading's time may be (clock skew between sensors and server).</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How old a reading may be.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>People counts below this are never published (DESIGN §9): a count of 3 can identify someone.</summary>
    public int PeopleCountThreshold { get; set; } = 10;

    /// <summary>Readings a sensor may send per second, sustained; a flood beyond it is refused (HTTP 429).</summary>
    public double SensorReadingsPerSecond { get; set; } = 20;

    /// <summary>
    /// Least time between two calls to one entity grain (building, segment, network element) while
    /// readings keep coming for it: the live values go straight to the tile grains, so this only delays
    /// the entity's own copy (latest values, history, storage) and bounds the number of grain calls,
    /// which is what limits the ingestion rate. Two seconds, not one: a sensor that reports every second
    /// gave its entity a call per reading, and the city-scale MQTT benchmark rose from 50k–61k to
    /// 65k–75k readings/s with two. Ignored when readings are acknowledged only once stored
    /// (<c>TwinCity:Silo:DurableReadings</c>): then every batch waits for its entities.
    /// </summary>
    public TimeSpan EntityInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Readings an entity call should carry: an entity with fewer queued once <see cref="EntityInterval"/>
    /// is over waits for that many, up to <see cref="EntityMaxInterval"/> after its last call. An entity
    /// call costs about the same whether it carries two readings or forty, and sensors reporting about
    /// once a second gave their entities a call per one or two readings: in the city-scale benchmark
    /// (one reading per MQTT publish at QoS 1, each building hearing from its two sensors about once a
    /// second) this raised the rate from 52k–54k to 75k–86k readings/s, run alternately with the build
    /// before. Entities that receive this many within <see cref="EntityInterval"/> are called once per
    /// interval, as before.
    /// </summary>
    public int EntityReadingsPerCall { get; set; } = 16;

    /// <summary>
    /// Longest time an entity's readings wait for <see cref="EntityReadingsPerCall"/> to gather. Readers of an
    /// entity's values or history never see the wait (they have its queue delivered first), nor do the
    /// live tiles (they get readings at once); a crash loses at most this much more than the state's
    /// write-behind interval.
    /// </summary>
    public TimeSpan EntityMaxInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Readings a sensor may send at once before <see cref="SensorReadingsPerSecond"/> applies.</summary>
    public int SensorBurst { get; set; } = 200;

    /// <summary>
    /// Readings acknowledged and waiting for their entities (in this process) from which on a batch is
    /// acknowledged only once its entities hold it: a source faster than the entities can take slows
    /// down to their pace instead of filling memory (a queued reading costs about 32 bytes). At a million
    /// readings a second and the default <see cref="EntityInterval"/>, about two million wait normally;
    /// held back, the rate is at most about this limit over the interval (a reading waits about an interval).
    /// </summary>
    public int MaxQueuedForEntities { get; set; } = DefaultMaxQueuedForEntities;

    /// <summary>
    /// Messages that ask for no acknowledgement (MQTT QoS 0) handed over and not yet applied, from
    /// which on the next one waits until it is applied: its connection then stops being read, so a
    /// publisher faster than the twin is slowed down by TCP instead of filling memory. Below it, such a
    /// message costs its connection no wait at all and the publishes of all connections gather into
    /// large packs (<see cref="MessageBatcher"/>).
    /// </summary>
    public int MaxUnacknowledgedMessages { get; set; } = DefaultMaxUnacknowledgedMessages;
}
