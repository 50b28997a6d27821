using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
    ReadingIngestor readings,
    TimeProvider time,
    IOptions<IngestionOptions> options,
    ILogger<SensorIngestor> logger)
{
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private long _rejected;
    private long _suppressed;

    /// <summary>Packs or messages refused since start (malformed, unknown sensor, wrong unit, over rate).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>People counts suppressed since start.</summary>
    public long SuppressedTotal => Interlocked.Read(ref _suppressed);

    /// <summary>Counts a pack refused before it reached this class (e.g. unparseable), with the reason logged.</summary>
    public void CountRejected(string source, string reason)
    {
        Interlocked.Increment(ref _rejected);
        LogRejected(source, reason);
    }

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
        var register = await sensors.GetAsync().ConfigureAwait(false);
        var settings = options.Value;
        var problems = new List<string>();
        var batch = new List<EntityReading>(records.Count);
        var origin = new List<int>(records.Count);
        var suppressed = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (!register.TryGetValue(record.Name, out var sensor))
            {
                problems.Add($"[{i}]: sensor '{record.Name}' is not registered");
                continue;
            }

            if (record.Unit is not null && record.Unit != sensor.Unit)
            {
                problems.Add($"[{i}].u: sensor '{sensor.Id}' reports in '{record.Unit}' but is registered in '{sensor.Unit}'");
                continue;
            }

            if (sensor.CountsPeople && record.Value < settings.PeopleCountThreshold)
            {
                suppressed++;
                continue;
            }

            batch.Add(new EntityReading(sensor.EntityId, sensor.MetricId, record.Value, record.Time));
            origin.Add(i);
        }

        if (problems.Count > 0)
        {
            return Refuse(source, new SensorIngestResult(0, 0, problems), countRefusal);
        }

        if (TakeRates(records, settings) is { } overRate)
        {
            return Refuse(source, overRate, countRefusal);
        }

        if (batch.Count == 0)
        {
            Interlocked.Add(ref _suppressed, suppressed);
            return new SensorIngestResult(0, suppressed, []);
        }

        var result = await readings.IngestAsync(batch, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            if (!countRefusal)
            {
                RefundRates(records);
            }

            return Refuse(source, new SensorIngestResult(0, 0, [.. result.Problems.Select(p => p.Index < 0 ? p.Reason : $"[{origin[p.Index]}]: {p.Reason}")]), countRefusal);
        }

        Interlocked.Add(ref _suppressed, suppressed);
        return new SensorIngestResult(result.Accepted, suppressed, []);
    }

    /// <summary>
    /// Takes each sensor's readings from its rate bucket; when one sensor is over its rate, gives back
    /// what was taken from the others and returns the refusal, so a refused pack costs no sensor anything.
    /// </summary>
    private SensorIngestResult? TakeRates(IReadOnlyList<SenmlRecord> records, IngestionOptions settings)
    {
        var now = time.GetUtcNow();
        var counts = CountByName(records);
        var taken = new List<(TokenBucket Bucket, int Count)>(counts.Count);
        foreach (var (name, count) in counts)
        {
            var bucket = _buckets.GetOrAdd(name, _ => new TokenBucket(settings.SensorBurst, now));
            if (bucket.TryTake(count, settings.SensorReadingsPerSecond, settings.SensorBurst, now) is { } wait)
            {
                foreach (var (earlier, n) in taken)
                {
                    earlier.Refund(n, settings.SensorBurst);
                }

                return new SensorIngestResult(0, 0, [$"sensor '{name}' is over its rate of {settings.SensorReadingsPerSecond} readings/s"], wait);
            }

            taken.Add((bucket, count));
        }

        return null;
    }

    private void RefundRates(IReadOnlyList<SenmlRecord> records)
    {
        var burst = options.Value.SensorBurst;
        foreach (var (name, count) in CountByName(records))
        {
            if (_buckets.TryGetValue(name, out var bucket))
            {
                bucket.Refund(count, burst);
            }
        }
    }

    private static Dictionary<string, int> CountByName(IReadOnlyList<SenmlRecord> records)
    {
        var counts = new Dictionary<string, int>(records.Count, StringComparer.Ordinal);
        foreach (var record in records)
        {
            counts[record.Name] = counts.GetValueOrDefault(record.Name) + 1;
        }

        return counts;
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

    /// <summary>A token bucket per sensor: <c>burst</c> readings at once, refilled at a steady rate.</summary>
    private sealed class TokenBucket(double tokens, DateTimeOffset at)
    {
        private readonly Lock _lock = new();
        private double _tokens = tokens;
        private DateTimeOffset _at = at;

        /// <summary>Takes <paramref name="count"/> tokens, or returns how long until they would be there.</summary>
        public TimeSpan? TryTake(int count, double perSecond, int burst, DateTimeOffset now)
        {
            lock (_lock)
            {
                _tokens = Math.Min(burst, _tokens + (Math.Max(0, (now - _at).TotalSeconds) * perSecond));
                _at = now;
                if (_tokens >= count)
                {
                    _tokens -= count;
                    return null;
                }

                return TimeSpan.FromSeconds(Math.Ceiling((count - _tokens) / perSecond));
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
