using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using TwinCity.Silo.Ingestion;
using TwinCity.Silo.Ingestion.Senml;

namespace TwinCity.Web.Mqtt;

/// <summary>
/// What an MQTT message becomes, whichever broker carried it: topic <c>twincity/sensors/{sensorId}</c>,
/// payload a SenML pack (records without a name describe the topic's sensor) or a plain number, handed
/// to <see cref="SensorIngestor"/> like an HTTP pack (through <see cref="MessageBatcher"/>, which gathers
/// publishes that arrive together). A refusal is counted and logged there.
/// </summary>
public sealed class MqttReadings(SensorIngestor ingestor, MessageBatcher batcher, TimeProvider time, IOptions<IngestionOptions> ingestion)
{
    /// <summary>Prefix of the topics sensors publish to.</summary>
    public const string TopicPrefix = "twincity/sensors/";

    /// <summary>The subscription that receives every sensor topic.</summary>
    public const string TopicFilter = TopicPrefix + "+";

    /// <summary>The outcome of one message: null problem when applied.</summary>
    public readonly record struct Outcome(string? Problem, bool OverRate);

    /// <summary>Applies one message; <paramref name="source"/> names the client in logs.</summary>
    public async Task<Outcome> HandleAsync(string topic, ReadOnlySequence<byte> payload, string source, CancellationToken cancellationToken)
    {
        if (Read(topic, payload, source, out var problem) is not { } records)
        {
            return new Outcome(problem, false);
        }

        // Publishes arriving together are applied together; each still gets its own answer.
        var result = await batcher.IngestAsync(records, source);
        return result.Succeeded ? new Outcome(null, false) : new Outcome(result.Problems[0], result.RetryAfter is not null);
    }

    /// <summary>
    /// Applies one message that asks for no answer (MQTT QoS 0) without waiting for it, unless many
    /// such messages are still being applied (<see cref="MessageBatcher.HandOverAsync"/>). A refusal is
    /// counted and logged; there is nobody to tell.
    /// </summary>
    public ValueTask HandOverAsync(string topic, ReadOnlySequence<byte> payload, string source) =>
        Read(topic, payload, source, out _) is { } records ? batcher.HandOverAsync(records, source) : ValueTask.CompletedTask;

    /// <summary>The message's records, or null with the reason when it is refused (then counted and logged).</summary>
    private List<SenmlRecord>? Read(string topic, ReadOnlySequence<byte> payload, string source, out string? problem)
    {
        problem = null;
        if (!topic.StartsWith(TopicPrefix, StringComparison.Ordinal) || topic.Length == TopicPrefix.Length || topic.IndexOf('/', TopicPrefix.Length) >= 0)
        {
            problem = $"topic '{topic}' is not {TopicPrefix}<sensorId>";
        }
        else if (payload.Length > ingestion.Value.MaxBodyBytes)
        {
            problem = $"payload of {payload.Length} bytes is over the {ingestion.Value.MaxBodyBytes}-byte limit";
        }

        // A registered sensor is the register's own, found once: its id is not allocated again per publish, nor looked up again.
        var sensor = problem is null ? ingestor.FindSensor(topic.AsSpan(TopicPrefix.Length)) : null;
        var records = problem is null ? Parse(sensor?.Text ?? topic[TopicPrefix.Length..], sensor, payload.ToArray(), out problem) : null;
        if (records is null)
        {
            ingestor.CountRejected(source, problem!);
        }

        return records;
    }

    private List<SenmlRecord>? Parse(string sensorId, KnownName? sensor, byte[] payload, out string? problem)
    {
        problem = null;
        var bare = payload.AsSpan().Trim(" \t\r\n"u8);
        if (double.TryParse(bare, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            if (!double.IsFinite(number))
            {
                problem = $"payload '{Encoding.UTF8.GetString(bare)}' is not a finite number";
                return null;
            }

            return [new SenmlRecord(sensorId, null, number, time.GetUtcNow()) { Known = sensor }];
        }

        // A record without a name describes the topic's sensor.
        var (records, problems) = SenmlParser.Parse(payload, time.GetUtcNow(), ingestion.Value.MaxBatchSize, defaultName: sensorId, names: ingestor.FindSensor);
        if (problems.Count > 0)
        {
            problem = problems[0];
            return null;
        }

        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].Name.Length == 0 || records[i].Name == sensorId)
            {
                records[i] = records[i] with { Name = sensorId, Known = records[i].Known ?? sensor };
            }
            else
            {
                problem = $"[{i}]: record names sensor '{records[i].Name}' but was published on the topic of '{sensorId}'";
                return null;
            }
        }

        return records;
    }
}
