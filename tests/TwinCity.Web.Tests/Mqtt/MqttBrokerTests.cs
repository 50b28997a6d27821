using System.Net.Http.Json;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using TwinCity.Web.Auth;
using TwinCity.Web.Tests.Apis;

namespace TwinCity.Web.Tests.Mqtt;

/// <summary>The embedded broker, driven by a real MQTTnet client over TCP.</summary>
[Collection(AppCollection.Name)]
public sealed class MqttBrokerTests(TwinCityAppFixture app)
{
    private async Task<IMqttClient> ConnectAsync(string password)
    {
        var (client, outcome) = await TryConnectAsync(password);
        Assert.Equal(nameof(MqttClientConnectResultCode.Success), outcome);
        return client;
    }

    /// <summary>Connects; returns the client and the broker's answer (result code, or the failure message).</summary>
    private async Task<(IMqttClient Client, string Outcome)> TryConnectAsync(string password)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", app.MqttPort)
            .WithCredentials("gateway-1", password)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .Build();
        try
        {
            return (client, (await client.ConnectAsync(options)).ResultCode.ToString());
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException ex)
        {
            return (client, ex.Message);
        }
    }

    [Fact]
    public async Task A_plain_number_published_by_a_sensor_reaches_its_building()
    {
        var (sensor, entity) = await IngestApiTests.RegisterAsync(app, "power_kw", "kW", feature: 7);
        using var client = await ConnectAsync(app.Tokens.Tokens[Roles.Sensor]);

        var ack = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"twincity/sensors/{sensor}").WithPayload("187.5").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        Assert.True(ack.IsSuccess, ack.ReasonString);
        using var http = app.CreateClient();
        var building = await http.GetFromJsonAsync<JsonElement>($"/api/buildings/{entity}");
        Assert.Equal(187.5, building.GetProperty("metrics").GetProperty("power_kw").GetDouble());
    }

    [Fact]
    public async Task A_SenML_pack_without_names_describes_the_sensor_of_its_topic()
    {
        var (sensor, entity) = await IngestApiTests.RegisterAsync(app, "power_kw", "kW", feature: 8);
        using var client = await ConnectAsync(app.Tokens.Tokens[Roles.Sensor]);
        var t = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();

        var ack = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"twincity/sensors/{sensor}").WithPayload($$"""[{"bt":{{t}},"u":"kW","v":41},{"t":30,"v":42.5}]""")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        Assert.True(ack.IsSuccess, ack.ReasonString);
        using var http = app.CreateClient();
        var building = await http.GetFromJsonAsync<JsonElement>($"/api/buildings/{entity}");
        Assert.Equal(42.5, building.GetProperty("metrics").GetProperty("power_kw").GetDouble());
    }

    [Fact]
    public async Task A_SenML_pack_naming_another_sensor_is_refused_with_a_reason()
    {
        var (sensor, _) = await IngestApiTests.RegisterAsync(app, "power_kw", "kW", feature: 8);
        using var client = await ConnectAsync(app.Tokens.Tokens[Roles.Sensor]);

        var ack = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"twincity/sensors/{sensor}").WithPayload("""[{"n":"someone-else","v":1}]""").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        Assert.False(ack.IsSuccess);
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, ack.ReasonCode);
        Assert.Contains("someone-else", ack.ReasonString);
    }

    [Fact]
    public async Task A_malformed_payload_is_refused_and_counted()
    {
        var (sensor, _) = await IngestApiTests.RegisterAsync(app, "power_kw", "kW", feature: 9);
        var ingestor = app.App.Services.GetRequiredService<TwinCity.Silo.Ingestion.SensorIngestor>();
        var before = ingestor.Rejected;
        using var client = await ConnectAsync(app.Tokens.Tokens[Roles.Sensor]);

        var ack = await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic($"twincity/sensors/{sensor}").WithPayload("lots of power").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        Assert.False(ack.IsSuccess);
        Assert.True(ingestor.Rejected > before);
    }

    [Fact]
    public async Task Publishes_at_QoS_0_stream_into_the_building_in_order_and_a_bad_one_is_counted_without_stopping_the_rest()
    {
        var (sensor, entity) = await IngestApiTests.RegisterAsync(app, "power_kw", "kW", feature: 10);
        var ingestor = app.App.Services.GetRequiredService<TwinCity.Silo.Ingestion.SensorIngestor>();
        var rejectedBefore = ingestor.Rejected;
        using var client = await ConnectAsync(app.Tokens.Tokens[Roles.Sensor]);
        MqttApplicationMessage Publish(string payload) => new MqttApplicationMessageBuilder()
            .WithTopic($"twincity/sensors/{sensor}").WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce).Build();

        // Nothing comes back for a QoS 0 publish: the server reads the next one without waiting for the last to be applied.
        await client.PublishAsync(Publish("not a number"));
        for (var value = 1; value <= 50; value++)
        {
            await client.PublishAsync(Publish(value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        using var http = app.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        double? latest = null;
        while (latest != 50 && DateTime.UtcNow < deadline)
        {
            var metrics = (await http.GetFromJsonAsync<JsonElement>($"/api/buildings/{entity}")).GetProperty("metrics");
            latest = metrics.TryGetProperty("power_kw", out var power) ? power.GetDouble() : null;
            await Task.Delay(20);
        }

        Assert.Equal(50, latest);
        Assert.True(ingestor.Rejected > rejectedBefore, "the malformed publish is counted as refused");
        var history = await http.GetFromJsonAsync<JsonElement>($"/api/entities/{Uri.EscapeDataString(entity)}/history?metric=power_kw");
        var values = history.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ToHashSet();
        Assert.All(Enumerable.Range(1, 50), v => Assert.Contains((double)v, values)); // none lost on the way
    }

    [Fact]
    public async Task Without_the_sensor_key_nobody_can_connect()
    {
        var (client, outcome) = await TryConnectAsync("guess");
        using (client)
        {
            Assert.Contains(nameof(MqttClientConnectResultCode.BadUserNameOrPassword), outcome);
            Assert.False(client.IsConnected);
        }
    }
}
