using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TwinCity.Models.Metrics;
using TwinCity.Models.Sensors;
using TwinCity.Silo.Ingestion.Senml;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// Readings from registered sensors (HTTP SenML packs and MQTT publishes alike): each record's name is
/// a sensor id, routed through the register to its entity and metric, its unit checked, people counts
/// under the threshold suppressed, each sensor held to its rate; then <see cref="ReadingIngestor"/>
/// applies the pack whole or not at all.
/// </summary>
public sealed partial class SensorIngestor(
    SensorDirectory sensors,
    EntityDirectory entityDirectory,
    ReadingIngestor readings,
    TimeProvider time,
    IOptions<IngestionOptions> options,
    ILogger<SensorIngestor> logger)
{
    private readonly Lock _rebuild = new();
    private readonly RefusalLog _refusals = new(time);
    private volatile Routes _routes = new(-1, new Dictionary<string, Route>(StringComparer.Ordinal));
    private long _accepted;
    private long _suppressed;

    /// <summary>Readings applied since start, from every source.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Packs or messages refused since start (malformed, unknown sensor, wrong unit, over rate).</summary>
    public long Rejected => _refusals.Total;

    /// <summary>People counts suppressed since start.</summary>
    public long SuppressedTotal => Interlocked.Read(ref _suppressed);

    /// <summary>
    /// Counts a pack refused before it reached this class (e.g. unparseable), and logs the reason, up to
    /// 10 lines a minute per source (<see cref="RefusalLog"/>).
    /// </summary>
    public void CountRejected(string source, string reason)
    {
        if (_refusals.Add(source, reason) is { } notLogged)
        {
            if (notLogged == 0)
            {
                LogRejected(source, reason);
            }
            else
            {
                LogRejectedAgain(source, reason, notLogged);
            }
        }
    }

    /// <summary>The sources with the most refused packs and messages, most first.</summary>
    public IReadOnlyList<RefusalLog.SourceRefusals> RefusalsBySource(int count) => _refusals.Top(count);

    /// <summary>A sensor whose packs were refused for being over its rate.</summary>
    /// <param name="Sensor">The sensor's id.</param>
    /// <param name="Refused">Packs and messages refused since start (or since it was registered again).</param>
    /// <param name="LastAt">When the last one was.</param>
    public sealed record SensorOverRate(string Sensor, long Refused, DateTimeOffset LastAt);

    /// <summary>The sensors with the most packs refused over their rate, most first.</summary>
    public IReadOnlyList<SensorOverRate> SensorsOverRate(int count) =>
    [
        .. _routes.ById.Values
            .Select(r => (r.Sensor.Id, Refusals: r.ExistingBucket?.Refusals ?? default))
            .Where(r => r.Refusals.Count > 0)
            .Select(r => new SensorOverRate(r.Id, r.Refusals.Count, r.Refusals.LastAt))
            .OrderByDescending(s => s.Refused)
            .ThenBy(s => s.Sensor, StringComparer.Ordinal)
            .Take(count),
    ];

    /// <summary>
    /// The registered sensor with id <paramref name="id"/>, or null: a <see cref="SenmlParser.NameLookup"/>, so a
    /// parsed pack names its sensors with the register's strings (no id allocated per reading) and carries their
    /// routes (no second look-up here). Reads the register as last routed, never the grain.
    /// </summary>
    public KnownName? FindSensor(ReadOnlySpan<char> id) => _routes.BySpan.TryGetValue(id, out var route) ? route : null;

    /// <summary>Routes and applies <paramref name="records"/>; <paramref name="source"/> names the caller in logs.</summary>
    public Task<SensorIngestResult> IngestAsync(IReadOnlyList<SenmlRecord> records, string source, CancellationToken cancellationToken = default) =>
        IngestAsync(records, source, countRefusal: true, cancellationToken);

    /// <summary>
    /// As <see cref="IngestAsync(IReadOnlyList{SenmlRecord}, string, CancellationToken)"/>; with
    /// <paramref name="countRefusal"/> false a refusal is neither counted nor logged (nor charged to
    /// the sensors' rates), for a caller that will retry the records in smaller packs.
    /// </summary>
    internal async Task<SensorIngestResult> IngestAsync(IReadOnlyList<SenmlRecord> records, string source, bool countRefusal, CancellationToken cancellationToken)
    {
        var routes = await RoutesAsync().ConfigureAwait(false);
        var entities = await entityDirectory.GetRoutesAsync().ConfigureAwait(false);
        var settings = options.Value;
        var problems = new List<string>();
        var suppressed = 0;

        // Each record's route, and the pack's readings with the index of each one's record: scratch for the
        // length of the call, pooled because a pack of 10,000 would put them on the large-object heap.
        var routed = ArrayPool<Route>.Shared.Rent(records.Count);
        var batch = ArrayPool<RoutedReading>.Shared.Rent(records.Count);
        var origin = ArrayPool<int>.Shared.Rent(records.Count);
        try
        {
            var count = 0;
            for (var i = 0; i < records.Count; i++)
            {
                var record = records[i];

                // The parser found the route already, unless the register changed since (or nobody looked).
                var route = record.Known as Route;
                if ((route is null || !ReferenceEquals(route.Owner, routes)) && !routes.ById.TryGetValue(record.Name, out route))
                {
                    problems.Add($"[{i}]: sensor '{record.Name}' is not registered");
                    continue;
                }

                var sensor = route.Sensor;
                routed[i] = route;
                if (record.Unit is not null && record.Unit != sensor.Unit)
                {
                    problems.Add($"[{i}].u: sensor '{sensor.Id}' reports in '{record.Unit}' but is registered in '{sensor.Unit}'");
                    continue;
                }

                if (route.EntityIn(entities) is not { } entity)
                {
                    problems.Add($"[{i}]: {ReadingValidator.UnknownEntity(sensor.EntityId)}, to which sensor '{sensor.Id}' is attached");
                    continue;
                }

                if (route.MetricIndex < 0)
                {
                    problems.Add($"[{i}]: {ReadingValidator.UnknownMetric(sensor.MetricId)}, which sensor '{sensor.Id}' measures");
                    continue;
                }

                if (sensor.CountsPeople && record.Value < settings.PeopleCountThreshold)
                {
                    suppressed++;
                    continue;
                }

                (batch[count], origin[count]) = (new RoutedReading(entity, route.MetricIndex, record.Value, record.Time), i);
                count++;
            }

            if (problems.Count > 0)
            {
                return Refuse(source, new SensorIngestResult(0, 0, problems), countRefusal);
            }

            if (TakeRates(records, routed, settings, time.GetUtcNow(), out var over) is { } overRate)
            {
                if (countRefusal)
                {
                    over!.ExistingBucket!.CountRefusal(time.GetUtcNow());
                }

                return Refuse(source, overRate, countRefusal);
            }

            if (count == 0)
            {
                Interlocked.Add(ref _suppressed, suppressed);
                return new SensorIngestResult(0, suppressed, []);
            }

            var result = await readings.IngestRoutedAsync(new ArraySegment<RoutedReading>(batch, 0, count), cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                if (!countRefusal)
                {
                    RefundRates(routed, records.Count, settings.SensorBurst);
                }

                return Refuse(source, new SensorIngestResult(0, 0, [.. result.Problems.Select(p => p.Index < 0 ? p.Reason : $"[{origin[p.Index]}]: {p.Reason}")]), countRefusal);
            }

            Interlocked.Add(ref _suppressed, suppressed);
            Interlocked.Add(ref _accepted, result.Accepted);
            return new SensorIngestResult(result.Accepted, suppressed, []);
        }
        finally
        {
            ArrayPool<Route>.Shared.Return(routed, clearArray: true); // they hold references
            ArrayPool<RoutedReading>.Shared.Return(batch, clearArray: true);
            ArrayPool<int>.Shared.Return(origin);
        }
    }

    /// <summary>
    /// Takes a token for each record from its sensor's rate bucket; when a sensor is over its rate, gives
    /// back what was taken for the records before and returns the refusal, so a refused pack costs no
    /// sensor anything. One token per record, not a count per sensor first: a pack names each sensor
    /// once or a few times, and counting them cost a dictionary as large as the pack.
    /// </summary>
    /// <param name="over">The sensor over its rate, when there is one.</param>
    private static SensorIngestResult? TakeRates(IReadOnlyList<SenmlRecord> records, Route[] routed, IngestionOptions settings, DateTimeOffset now, out Route? over)
    {
        over = null;
        for (var i = 0; i < records.Count; i++)
        {
            var bucket = routed[i].Bucket(settings.SensorBurst, now);
            if (!bucket.TryTake(settings.SensorReadingsPerSecond, settings.SensorBurst, now))
            {
                over = routed[i];
                RefundRates(routed, i, settings.SensorBurst);
                var name = records[i].Name;
                return new SensorIngestResult(0, 0, [$"sensor '{name}' is over its rate of {settings.SensorReadingsPerSecond} readings/s"],
                    bucket.WaitFor(CountOf(records, name), settings.SensorReadingsPerSecond));
            }
        }

        return null;
    }

    /// <summary>How many of <paramref name="records"/> are <paramref name="name"/>'s.</summary>
    private static int CountOf(IReadOnlyList<SenmlRecord> records, string name)
    {
        var count = 0;
        for (var i = 0; i < records.Count; i++)
        {
            count += records[i].Name == name ? 1 : 0;
        }

        return count;
    }

    /// <summary>Gives back the tokens taken for the first <paramref name="count"/> records, whose readings were not applied after all.</summary>
    private static void RefundRates(Route[] routed, int count, int burst)
    {
        for (var i = 0; i < count; i++)
        {
            routed[i].ExistingBucket?.Refund(1, burst);
        }
    }

    /// <summary>
    /// The register as routes by sensor id, rebuilt when the register's version changes. A sensor's rate
    /// bucket lives on its route, so one look-up per record finds both; a rebuild carries the buckets over.
    /// </summary>
    private async ValueTask<Routes> RoutesAsync()
    {
        var (version, register) = await sensors.GetVersionedAsync().ConfigureAwait(false);
        var routes = _routes;
        if (routes.Version == version)
        {
            return routes;
        }

        lock (_rebuild)
        {
            routes = _routes;
            if (routes.Version == version)
            {
                return routes;
            }

            var next = new Routes(version, new Dictionary<string, Route>(register.Count, StringComparer.Ordinal));
            foreach (var (id, sensor) in register)
            {
                next.ById[id] = new Route(next, sensor, routes.ById.TryGetValue(id, out var old) ? old.ExistingBucket : null);
            }

            return _routes = next;
        }
    }

    private SensorIngestResult Refuse(string source, SensorIngestResult result, bool count)
    {
        if (count)
        {
            CountRejected(source, result.Problems[0]);
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused readings from {Source}: {Reason}")]
    private partial void LogRejected(string source, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused readings from {Source}: {Reason} ({NotLogged} more refusals from it since its last line, not logged: GET /api/ingest/refusals counts them)")]
    private partial void LogRejectedAgain(string source, string reason, long notLogged);

    /// <summary>The register by sensor id, at one version, with a look-up by characters for <see cref="FindSensor"/>.</summary>
    private sealed record Routes(long Version, Dictionary<string, Route> ById)
    {
        public Dictionary<string, Route>.AlternateLookup<ReadOnlySpan<char>> BySpan { get; } = ById.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// A registered sensor with what a reading of it needs: its metric's index, its entity's route in the
    /// city as last seen, and its rate bucket, made when the sensor first reports.
    /// </summary>
    private sealed class Route(Routes owner, SensorInfo sensor, TokenBucket? bucket) : KnownName(sensor.Id)
    {
        private TokenBucket? _bucket = bucket;
        private EntityRoute? _entity;

        /// <summary>The register version this route is part of.</summary>
        public Routes Owner => owner;

        public SensorInfo Sensor => sensor;

        public int MetricIndex { get; } = MetricCatalog.IndexOf(sensor.MetricId);

        /// <summary>Its entity's route in <paramref name="city"/>, or null when that city has no such entity.</summary>
        public EntityRoute? EntityIn(EntityRoutes city)
        {
            var entity = _entity;
            if (!ReferenceEquals(entity?.Owner, city))
            {
                _entity = entity = city.Find(sensor.EntityId);
            }

            return entity;
        }

        public TokenBucket? ExistingBucket => _bucket;

        public TokenBucket Bucket(int burst, DateTimeOffset now) =>
            _bucket ?? Interlocked.CompareExchange(ref _bucket, new TokenBucket(burst, now), null) ?? _bucket;
    }

    /// <summary>A token bucket per sensor: <c>burst</c> readings at once, refilled at a steady rate.</summary>
    private sealed class TokenBucket(double tokens, DateTimeOffset at)
    {
        private readonly Lock _lock = new();
        private double _tokens = tokens;
        private DateTimeOffset _at = at;
        private long _refused;
        private DateTimeOffset _lastRefusedAt;

        /// <summary>Packs refused because this sensor was over its rate, and when the last one was.</summary>
        public (long Count, DateTimeOffset LastAt) Refusals
        {
            get
            {
                lock (_lock)
                {
                    return (_refused, _lastRefusedAt);
                }
            }
        }

        /// <summary>Counts a pack refused over the rate.</summary>
        public void CountRefusal(DateTimeOffset now)
        {
            lock (_lock)
            {
                _refused++;
                _lastRefusedAt = now;
            }
        }

        /// <summary>Takes one token; false when there is none.</summary>
        public bool TryTake(double perSecond, int burst, DateTimeOffset now)
        {
            lock (_lock)
            {
                _tokens = Math.Min(burst, _tokens + (Math.Max(0, (now - _at).TotalSeconds) * perSecond));
                _at = now;
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return true;
                }

                return false;
            }
        }

        /// <summary>How long until <paramref name="count"/> tokens are there.</summary>
        public TimeSpan WaitFor(int count, double perSecond)
        {
            lock (_lock)
            {
                return TimeSpan.FromSeconds(Math.Ceiling(Math.Max(0, count - _tokens) / perSecond));
            }
        }

        /// <summary>Gives back tokens taken for readings that were not applied after all.</summary>
        public void Refund(int count, int burst)
        {
            lock (_lock)
            {
                _tokens = Math.Min(burst, _tokens + count);
            }
        }
    }
}
