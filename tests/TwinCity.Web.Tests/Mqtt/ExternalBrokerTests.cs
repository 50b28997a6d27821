using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using TwinCity.Web.Tests.Apis;

namespace TwinCity.Web.Tests.Mqtt;

/// <summary>A twin that takes its readings from a real, separately started Debian mosquitto broker.</summary>
public sealed class MosquittoAppFixture : TwinCityAppFixture
{
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"twincity-mosquitto-{Guid.NewGuid():N}.conf");
    private Process? _mosquitto;

    /// <summary>Port of the mosquitto broker.</summary>
    public int BrokerPort { get; } = FreePort();

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [new("TwinCity:MqttBroker", $"127.0.0.1:{BrokerPort}")];

    public override async Task InitializeAsync()
    {
        var executable = File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";
        await File.WriteAllTextAsync(_config, $"listener {BrokerPort} 127.0.0.1\nallow_anonymous true\npersistence false\n");
        _mosquitto = Process.Start(new ProcessStartInfo(executable, ["-c", _config]) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("mosquitto did not start (apt-get install mosquitto)");
        await WaitForPortAsync(BrokerPort, TimeSpan.FromSeconds(10));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_mosquitto is { HasExited: false })
        {
            _mosquitto.Kill();
            await _mosquitto.WaitForExitAsync();
        }

        _mosquitto?.Dispose();
        File.Delete(_config);
    }

    private async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (_mosquitto is { HasExited: false })
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"mosquitto: expected it listening on {port} within {timeout}; exited: {_mosquitto?.HasExited}, stderr: {(_mosquitto?.HasExited == true ? await _mosquitto.StandardError.ReadToEndAsync() : "")}");
    }
}

[CollectionDefinition(Name)]
public sealed class MosquittoCollection : ICollectionFixture<MosquittoAppFixture>
{
    public const string Name = "mosquitto";
}

[Collection(MosquittoCollection.Name)]
public sealed class ExternalBrokerTests(MosquittoAppFixture app)
{
    [Fact]
    public async Task A_reading_published_to_mosquitto_reaches_its_building()
    {
        var (sensor, entity) = await IngestApiTests.RegisterAsync(app, "power_kw", "kW", feature: 12);
        using var publisher = new MqttClientFactory().CreateMqttClient();
        await publisher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", app.BrokerPort).Build());
        using var http = app.CreateClient();

        // The twin subscribes asynchronously after start: publish until the value shows (bounded).
        var deadline = DateTime.UtcNow.AddSeconds(20);
        double? value = null;
        while (value != 133.25 && DateTime.UtcNow < deadline)
        {
            await publisher.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic($"twincity/sensors/{sensor}").WithPayload("133.25").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            await Task.Delay(200);
            var building = await http.GetFromJsonAsync<JsonElement>($"/api/buildings/{entity}");
            value = building.GetProperty("metrics").TryGetProperty("power_kw", out var v) ? v.GetDouble() : null;
        }

        Assert.True(value == 133.25, $"mosquitto → twin: expected power_kw 133.25 within 20 s, found {value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}");
    }

    [Fact]
    public async Task Readings_published_to_mosquitto_at_QoS_0_reach_their_building()
    {
        var (sensor, entity) = await IngestApiTests.RegisterAsync(app, "power_kw", "kW", feature: 11);
        using var publisher = new MqttClientFactory().CreateMqttClient();
        await publisher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", app.BrokerPort).Build());
        using var http = app.CreateClient();

        // Delivered to the twin at QoS 0 too (the lower of the two): handed over without an answer to wait for.
        // Publishes before the twin subscribed are lost, as QoS 0 allows: publish until the last one shows.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var (sent, value) = (0, (double?)null);
        while (value != sent && DateTime.UtcNow < deadline)
        {
            sent++;
            await publisher.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic($"twincity/sensors/{sensor}").WithPayload(sent.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce).Build());
            await Task.Delay(200);
            var building = await http.GetFromJsonAsync<JsonElement>($"/api/buildings/{entity}");
            value = building.GetProperty("metrics").TryGetProperty("power_kw", out var v) ? v.GetDouble() : null;
        }

        Assert.Equal(sent, value);
    }

    [Fact]
    public async Task With_an_external_broker_the_embedded_one_does_not_listen()
    {
        using var socket = new TcpClient();

        await Assert.ThrowsAnyAsync<SocketException>(() => socket.ConnectAsync("127.0.0.1", app.MqttPort));
    }
}
