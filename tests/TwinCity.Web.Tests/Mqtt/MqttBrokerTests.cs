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
    public async Task A_sensor_flooding_at_QoS_0_is_held_to_its_rate_and_operators_see_it_and_its_client_counted()
    {
        // Burst 200 at 20 readings/s (the defaults): of 400 publishes sent at once, about 200 are over the rate.
        var (sensor, entity) = await IngestApiTests.RegisterAsync(app, "power_kw", "kW", feature: 17);
        using var client = await ConnectAsync(app.Tokens.Tokens[Roles.Sensor]);
        var clientId = client.Options.ClientId;
        var start = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
        for (var i = 0; i < 400; i++)
        {
            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"twincity/sensors/{sensor}")
                .WithPayload($$"""[{"v":{{i}},"t":{{start + i}}}]""").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce).Build());
        }

        // Nothing answers a QoS 0 publish: wait until each one is either in the history or counted as refused.
        using var operatorClient = app.CreateClient(Roles.Operator);
        JsonElement history, refusals;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        do
        {
            await Task.Delay(50);
            history = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/entities/{Uri.EscapeDataString(entity)}/history?metric=power_kw&from={Iso(start)}&to={Iso(start + 399)}");
            refusals = await operatorClient.GetFromJsonAsync<JsonElement>("/api/ingest/refusals");
        }
        while (history.GetProperty("points").GetArrayLength() + RefusedOf(refusals, sensor) < 400 && DateTime.UtcNow < deadline);

        var applied = history.GetProperty("points").GetArrayLength();
        var overRate = refusals.GetProperty("sensorsOverRate").EnumerateArray().Single(s => s.GetProperty("sensor").GetString() == sensor);
        var source = refusals.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("source").GetString() == $"MQTT client {clientId}");
        Assert.InRange(applied, 200, 350); // the burst, and what the rate refilled while they came
        Assert.Equal(400 - applied, overRate.GetProperty("refused").GetInt64()); // every refused publish counted, none twice
        Assert.Equal(overRate.GetProperty("refused").GetInt64(), source.GetProperty("refused").GetInt64());
        Assert.Contains($"sensor '{sensor}' is over its rate", source.GetProperty("lastReason").GetString());
        using var sensorClient = app.CreateClient(Roles.Sensor);
        using var publicClient = app.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await sensorClient.GetAsync("/api/ingest/refusals")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await publicClient.GetAsync("/api/ingest/refusals")).StatusCode);
    }

    private static string Iso(long unixSeconds) => Uri.EscapeDataString(DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString("O"));

    private static long RefusedOf(JsonElement refusals, string sensor) =>
        refusals.GetProperty("sensorsOverRate").EnumerateArray().Where(s => s.GetProperty("sensor").GetString() == sensor).Sum(s => s.GetProperty("refused").GetInt64());

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
