using Microsoft.Extensions.Options;
using MQTTnet;

namespace TwinCity.Web.Mqtt;

/// <summary>
/// Cluster or city deployments often run their own broker (mosquitto, EMQX): with
/// <c>TwinCity:MqttBroker</c> = host:port the twin subscribes to <c>twincity/sensors/+</c> there instead of
/// running the embedded one, reconnecting when the broker goes away. Publisher authentication and ACLs
/// are then that broker's job; the twin still checks every reading.
/// </summary>
public sealed partial class MqttSubscriber(IOptions<TwinCityWebOptions> options, MqttReadings readings, ILogger<MqttSubscriber> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.MqttBroker is not { Length: > 0 } broker)
        {
            return;
        }

        var (host, port) = Split(broker);
        using var client = new MqttClientFactory().CreateMqttClient();
        var source = $"MQTT via {broker}"; // a broker does not say which client published: the topic names the sensor
        client.ApplicationMessageReceivedAsync += async e =>
        {
            if (e.ApplicationMessage.QualityOfServiceLevel == MQTTnet.Protocol.MqttQualityOfServiceLevel.AtMostOnce)
            {
                await readings.HandOverAsync(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload, source);
                return;
            }

            var outcome = await readings.HandleAsync(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload, source, stoppingToken);
            e.IsHandled = outcome.Problem is null;
        };
        var clientOptions = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId($"twincity-{Environment.MachineName}-{Environment.ProcessId}")
            .WithCredentials(options.Value.MqttUser, options.Value.MqttPassword)
            .WithCleanSession(true)
            .Build();

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!client.IsConnected)
                {
                    await client.ConnectAsync(clientOptions, stoppingToken);
                    await client.SubscribeAsync(MqttReadings.TopicFilter, MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce, stoppingToken);
                    LogSubscribed(broker, MqttReadings.TopicFilter);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogUnreachable(broker, ex.Message);
            }

            await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
        }
    }

    private static (string Host, int Port) Split(string broker)
    {
        var colon = broker.LastIndexOf(':');
        return colon > 0 && int.TryParse(broker[(colon + 1)..], out var port) ? (broker[..colon], port) : (broker, 1883);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to {Topic} on the external MQTT broker {Broker}")]
    private partial void LogSubscribed(string broker, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "External MQTT broker {Broker} unreachable ({Reason}); retrying")]
    private partial void LogUnreachable(string broker, string reason);
}
