using System.Diagnostics;
using System.Globalization;
using MQTTnet;
using MQTTnet.Protocol;
using TwinCity.Importers.Layers;

namespace TwinCity.Importers.Cli;

/// <summary>
/// Publishes a Cologne traffic-state CSV to a twin's MQTT broker at <see cref="ReplaySettings.Speed"/>× real
/// time: each valid row becomes a SenML pack on <c>twincity/sensors/koeln-traffic.&lt;segment&gt;</c>, QoS 1.
/// The twin refuses readings older than a few days, so a row recorded at <c>t</c> is stamped with the replay
/// clock, <c>start + (t − first) / speed</c>: the series keeps its shape and order, compressed into now.
/// </summary>
public sealed class TrafficReplay(ReplaySettings settings)
{
    /// <summary>Publishes whose acknowledgement may be outstanding at once.</summary>
    private const int MaxInFlight = 512;

    /// <summary>Runs the replay; <paramref name="progress"/> receives a line about once a second.</summary>
    public async Task<ReplaySummary> RunAsync(Action<string>? progress, CancellationToken cancellationToken = default)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var connected = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer(settings.Host, settings.Port)
            .WithCredentials(settings.User, settings.Password)
            .WithClientId($"twincity-replay-{Guid.NewGuid():N}")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .Build(), cancellationToken);
        if (connected.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new MQTTnet.Exceptions.MqttCommunicationException($"broker {settings.Host}:{settings.Port} refused the connection: {connected.ResultCode} {connected.ReasonString}");
        }

        var clock = Stopwatch.StartNew();
        var start = DateTimeOffset.UtcNow;
        var summary = new ReplaySummary();
        var inFlight = new List<Task>();
        var lastProgress = TimeSpan.Zero;
        DateTimeOffset? first = null;
        foreach (var row in TrafficCsv.Read(settings.File))
        {
            if (summary.Published >= settings.Limit)
            {
                break;
            }

            if (!row.Valid)
            {
                summary.SkippedInvalid++;
                continue;
            }

            first ??= row.Time;
            summary.LastRecorded = row.Time;
            var due = (row.Time - first.Value) / settings.Speed;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            inFlight.Add(PublishAsync(client, row, start + due, summary, cancellationToken));
            summary.Published++;
            if (inFlight.Count >= MaxInFlight)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
            }

            if (progress is not null && clock.Elapsed - lastProgress >= TimeSpan.FromSeconds(1))
            {
                lastProgress = clock.Elapsed;
                progress(string.Create(CultureInfo.InvariantCulture,
                    $"replayed to {row.Time:yyyy-MM-dd HH:mm} UTC: published {summary.Published}, acknowledged {summary.Acknowledged}, refused {summary.Refused}"));
            }
        }

        await Task.WhenAll(inFlight);
        summary.FirstRecorded = first;
        summary.Elapsed = clock.Elapsed;
        await client.DisconnectAsync(cancellationToken: CancellationToken.None);
        return summary;
    }

    /// <summary>The SenML pack for one reading of <paramref name="sensor"/>; time in seconds since 1970.</summary>
    public static string Pack(string sensor, double value, DateTimeOffset time) => string.Create(CultureInfo.InvariantCulture,
        $$"""[{"n":"{{sensor}}","u":"/","v":{{value}},"t":{{time.ToUnixTimeMilliseconds() / 1000.0:0.000}}}]""");

    private static async Task PublishAsync(IMqttClient client, TrafficCsv.Row row, DateTimeOffset time, ReplaySummary summary, CancellationToken cancellationToken)
    {
        var sensor = KoelnTraffic.SensorId(row.Identifier);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic($"twincity/sensors/{sensor}")
            .WithPayload(Pack(sensor, row.State, time))
            .WithContentType("application/senml+json")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            var result = await client.PublishAsync(message, cancellationToken);
            summary.Count(result.IsSuccess, $"{row.Identifier} at {row.Time:yyyy-MM-dd HH:mm:ss} (line {row.Line}): {result.ReasonCode} {result.ReasonString}");
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException ex)
        {
            summary.Count(false, $"{row.Identifier} (line {row.Line}): {ex.Message}");
        }
    }
}
