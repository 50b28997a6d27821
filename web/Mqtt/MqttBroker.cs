using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using MQTTnet.Server;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Mqtt;

/// <summary>
/// The embedded MQTT broker (MQTTnet), so sensors need nothing else. Publishers log in with the sensor
/// key as password (any user name); each publish is handled by <see cref="MqttReadings"/>. A QoS 1
/// publish is acknowledged once applied, and a refused one is answered (MQTT 5) with a failing PUBACK
/// reason code; a QoS 0 publish is handed over without waiting, so a connection can stream them.
/// </summary>
public sealed partial class MqttBroker(
    IOptions<TwinCityWebOptions> options,
    AccessTokens tokens,
    MqttReadings readings,
    ILogger<MqttBroker> logger) : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _sources = new(StringComparer.Ordinal); // client id -> name in logs
    private MqttServer? _server;

    /// <summary>The port the broker listens on (resolved after start).</summary>
    public int Port => options.Value.MqttPort;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MqttPort <= 0 || options.Value.MqttBroker is not null)
        {
            return; // off, or readings come from an external broker (MqttSubscriber)
        }

        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(options.Value.MqttPort)
            .WithMaxPendingMessagesPerClient(1000)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions, [new CoalescingTcpServerAdapter(logger)]);
        _server.ValidatingConnectionAsync += ValidateAsync;
        _server.InterceptingPublishAsync += OnPublishAsync;
        _server.ClientDisconnectedAsync += e =>
        {
            _sources.TryRemove(e.ClientId, out _);
            return Task.CompletedTask;
        };
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
        var source = _sources.GetOrAdd(e.ClientId, static id => $"MQTT client {id}"); // named once per connection, not per publish
        if (e.ApplicationMessage.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtMostOnce)
        {
            // No acknowledgement to wait for: read the connection's next publish at once.
            await readings.HandOverAsync(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload, source);
            return;
        }

        var outcome = await readings.HandleAsync(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload, source, e.CancellationToken);
        if (outcome.Problem is not null)
        {
            e.Response.ReasonCode = outcome.OverRate ? MqttPubAckReasonCode.QuotaExceeded : MqttPubAckReasonCode.PayloadFormatInvalid;
            e.Response.ReasonString = outcome.Problem;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT broker listening on port {Port}")]
    private partial void LogStarted(int port);

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT broker not started: port {Port} is unavailable ({Reason}); set TwinCity:MqttPort to a free port, or 0 to turn MQTT off")]
    private partial void LogPortUnavailable(int port, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT connection refused (bad credentials): client {ClientId} from {Endpoint}")]
    private partial void LogRefusedConnection(string clientId, string endpoint);
}
