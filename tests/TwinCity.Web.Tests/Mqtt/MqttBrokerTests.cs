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
