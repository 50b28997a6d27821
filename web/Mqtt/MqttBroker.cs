using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;
using TwinCity.Silo.Ingestion;
using TwinCity.Silo.Ingestion.Senml;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Mqtt;

/// <summary>
/// The embedded MQTT broker (MQTTnet), so sensors need nothing else. Topic <c>twincity/sensors/{sensorId}</c>,
/// payload a SenML pack or a plain number; publishers log in with the sensor key as password (any user
/// name). Every publish goes through <see cref="SensorIngestor"/> like an HTTP pack; a refused one is
/// counted, logged, and (MQTT 5, QoS 1) answered with a failing PUBACK reason code.
/// </summary>
public sealed partial class MqttBroker(
    IOptions<TwinCityWebOptions> options,
    AccessTokens tokens,
    SensorIngestor ingestor,
    TimeProvider time,
    IOptions<IngestionOptions> ingestion,
    ILogger<MqttBroker> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>Prefix of the topics sensors publish to.</summary>
    public const string TopicPrefix = "twincity/sensors/";

    private MqttServer? _server;

    /// <summary>The port the broker listens on (resolved after start).</summary>
    public int Port => options.Value.MqttPort;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MqttPort <= 0)
        {
            return;
        }

        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(options.Value.MqttPort)
            .WithMaxPendingMessagesPerClient(1000)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        _server.ValidatingConnectionAsync += ValidateAsync;
        _server.InterceptingPublishAsync += OnPublishAsync;
        _server.InterceptingSubscriptionAsync += e =>
        {
            // Readings go to the twin, not to other clients: nothing here is for subscribers.
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            return Task.CompletedTask;
        };
        try
        {
            await _server.StartAsync();
            LogStarted(options.Value.MqttPort);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            // The twin is still useful without MQTT (HTTP ingest works): say why and carry on.
            LogPortUnavailable(options.Value.MqttPort, ex.Message);
            _server.Dispose();
            _server = null;
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task ValidateAsync(ValidatingConnectionEventArgs e)
    {
        if (e.Password is null || tokens.RoleOf(e.Password) is not (Roles.Sensor or Roles.Operator))
        {
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            LogRefusedConnection(e.ClientId, e.RemoteEndPoint?.ToString() ?? "?");
        }

        return Task.CompletedTask;
    }

    private async Task OnPublishAsync(InterceptingPublishEventArgs e)
    {
        e.ProcessPublish = false; // the broker is a sink: nothing is forwarded to subscribers
        var topic = e.ApplicationMessage.Topic;
        var payload = e.ApplicationMessage.Payload;
        string? problem = null;
        if (!topic.StartsWith(TopicPrefix, StringComparison.Ordinal) || topic.Length == TopicPrefix.Length || topic.IndexOf('/', TopicPrefix.Length) >= 0)
        {
            problem = $"topic '{topic}' is not {TopicPrefix}<sensorId>";
        }
        else if (payload.Length > ingestion.Value.MaxBodyBytes)
        {
            problem = $"payload of {payload.Length} bytes is over the {ingestion.Value.MaxBodyBytes}-byte limit";
        }

        if (problem is null)
        {
            var sensorId = topic[TopicPrefix.Length..];
            var bytes = payload.ToArray();
            var records = Parse(sensorId, bytes, out problem);
            if (records is not null)
            {
                var result = await ingestor.IngestAsync(records, $"MQTT client {e.ClientId}", e.CancellationToken);
                problem = result.Succeeded ? null : result.Problems[0];
                if (result.RetryAfter is not null)
                {
                    e.Response.ReasonCode = MqttPubAckReasonCode.QuotaExceeded;
                    e.Response.ReasonString = problem;
                    return;
                }
            }
            else
            {
                ingestor.CountRejected($"MQTT client {e.ClientId}", problem!);
            }
        }
        else
        {
            ingestor.CountRejected($"MQTT client {e.ClientId}", problem);
        }

        if (problem is not null)
        {
            e.Response.ReasonCode = MqttPubAckReasonCode.PayloadFormatInvalid;
            e.Response.ReasonString = problem;
        }
    }

    /// <summary>A SenML pack (names relative to the topic's sensor when absent) or a plain number.</summary>
    private List<SenmlRecord>? Parse(string sensorId, byte[] payload, out string? problem)
    {
        problem = null;
        var text = Encoding.UTF8.GetString(payload).Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            if (!double.IsFinite(number))
            {
                problem = $"payload '{text}' is not a finite number";
                return null;
            }

            return [new SenmlRecord(sensorId, null, number, time.GetUtcNow())];
        }

        var (records, problems) = SenmlParser.Parse(payload, time.GetUtcNow(), ingestion.Value.MaxBatchSize);
        if (problems.Count > 0)
        {
            problem = problems[0];
            return null;
        }

        // Records without a name describe the topic's sensor; a name must be that sensor.
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].Name.Length == 0 || records[i].Name == sensorId)
            {
                records[i] = records[i] with { Name = sensorId };
            }
            else
            {
                problem = $"[{i}]: record names sensor '{records[i].Name}' but was published on the topic of '{sensorId}'";
                return null;
            }
        }

        return records;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT broker listening on port {Port}")]
    private partial void LogStarted(int port);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT broker not started: port {Port} is unavailable ({Reason}); set TwinCity:MqttPort to a free port, or 0 to turn MQTT off")]
    private partial void LogPortUnavailable(int port, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connection refused (bad credentials): client {ClientId} from {Endpoint}")]
    private partial void LogRefusedConnection(string clientId, string endpoint);
}
