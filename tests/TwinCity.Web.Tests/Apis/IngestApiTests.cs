using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Tests.Apis;

[Collection(AppCollection.Name)]
public sealed class IngestApiTests(TwinCityAppFixture app)
{
    /// <summary>Registers a sensor on a real building of the city and returns (sensor id, entity id).</summary>
    internal static async Task<(string Sensor, string Entity)> RegisterAsync(TwinCityAppFixture app, string metric, string unit, bool countsPeople = false, int feature = 1, int retentionDays = 30)
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        var (tile, _) = await CityProbe.BusiestTileAsync(operatorClient);
        var entity = await CityProbe.FeatureIdAsync(operatorClient, tile, feature);
        var sensor = $"test-{metric}-{Guid.NewGuid():N}"[..40];
        var response = await operatorClient.PutAsJsonAsync($"/api/sensors/{sensor}", new
        {
            entityId = entity, metricId = metric, unit, @operator = "TwinCity tests", purpose = "Checks the ingest path", retentionDays, countsPeople,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (sensor, entity);
    }

    private HttpClient SensorClient()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.Tokens.Tokens[Roles.Sensor]);
        return client;
    }

    private static StringContent Senml(string json) => new(json, Encoding.UTF8, "application/senml+json");

    /// <summary><paramref name="count"/> SenML records of <paramref name="sensor"/>, a second apart going back from <paramref name="from"/> (Unix seconds).</summary>
    private static string Records(string sensor, int count, double from) =>
        string.Join(",", Enumerable.Range(0, count).Select(i => $$"""{"n":"{{sensor}}","v":{{i}},"t":{{(from - i).ToString(CultureInfo.InvariantCulture)}}}"""));

    private async Task<double?> ValueAsync(string entity, string metric)
    {
        using var client = app.CreateClient();
        var building = await client.GetFromJsonAsync<JsonElement>($"/api/buildings/{entity}");
        return building.GetProperty("metrics").TryGetProperty(metric, out var v) ? v.GetDouble() : null;
    }

    [Fact]
    public async Task SenML_pack_from_a_registered_sensor_changes_its_building()
    {
        var (sensor, entity) = await RegisterAsync(app, "indoor_temp_c", "Cel", feature: 2);
        using var client = SensorClient();

        var response = await client.PostAsync("/api/ingest", Senml($$"""[{"bn":"{{sensor}}","bu":"Cel","v":21.5,"t":-60},{"v":23.25}]"""));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(23.25, await ValueAsync(entity, "indoor_temp_c"));
    }

    [Fact]
    public async Task People_counts_under_ten_are_suppressed_and_never_reach_the_twin()
    {
        var (sensor, entity) = await RegisterAsync(app, "people_count", "count", countsPeople: true, feature: 3);
        using var client = SensorClient();

        var small = await (await client.PostAsync("/api/ingest", Senml($$"""[{"n":"{{sensor}}","u":"count","v":3}]"""))).Content.ReadFromJsonAsync<JsonElement>();
        var before = await ValueAsync(entity, "people_count");
        var large = await (await client.PostAsync("/api/ingest", Senml($$"""[{"n":"{{sensor}}","u":"count","v":42}]"""))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(1, small.GetProperty("suppressed").GetInt32());
        Assert.Null(before);
        Assert.Equal(0, large.GetProperty("suppressed").GetInt32());
        Assert.Equal(42, await ValueAsync(entity, "people_count"));
    }

    [Theory]
    [InlineData("""[{"n":"no-such-sensor","v":1}]""", HttpStatusCode.UnprocessableEntity, "sensor 'no-such-sensor' is not registered")]
    [InlineData("""[{"n":"x","vs":"hello"}]""", HttpStatusCode.BadRequest, "[0].vs: only numeric values")]
    [InlineData("""[{"n":"x","v":"NaN"}]""", HttpStatusCode.BadRequest, "[0].v: expected a finite number")]
    [InlineData("""{"n":"x","v":1}""", HttpStatusCode.BadRequest, "a SenML pack is a JSON array")]
    [InlineData("""[{"n":"x","v":1,"t_":5}]""", HttpStatusCode.BadRequest, "must-understand")]
    public async Task Bad_pack_is_refused_naming_record_and_field(string pack, HttpStatusCode status, string reason)
    {
        using var client = SensorClient();

        var response = await client.PostAsync("/api/ingest", Senml(pack));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_resent_pack_changes_nothing_and_a_late_one_joins_the_history_while_the_newest_value_stays()
    {
        var (sensor, entity) = await RegisterAsync(app, "power_kw", "kW", feature: 13);
        using var client = SensorClient();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var newest = $$"""[{"n":"{{sensor}}","u":"kW","v":40,"t":{{now - 10}}}]""";
        var older = $$"""[{"n":"{{sensor}}","u":"kW","v":30,"t":{{now - 20}}}]""";

        foreach (var pack in new[] { newest, newest, older })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/ingest", Senml(pack))).StatusCode);
        }

        Assert.Equal(40, await ValueAsync(entity, "power_kw"));
        using var reader = app.CreateClient();
        var history = await reader.GetFromJsonAsync<JsonElement>($"/api/entities/{Uri.EscapeDataString(entity)}/history?metric=power_kw");
        Assert.Equal([30.0, 40.0], history.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));
    }

    [Fact]
    public async Task History_older_than_the_retention_in_the_sensors_register_entry_is_not_served()
    {
        var (sensor, entity) = await RegisterAsync(app, "power_kw", "kW", feature: 21, retentionDays: 1);
        using var client = SensorClient();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var pack = $$"""[{"n":"{{sensor}}","u":"kW","v":1,"t":{{now - (2 * 86_400)}}},{"n":"{{sensor}}","u":"kW","v":2,"t":{{now - 3_600}}}]""";

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/ingest", Senml(pack))).StatusCode);
        using var reader = app.CreateClient();
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-6).ToString("O"));
        var history = await reader.GetFromJsonAsync<JsonElement>($"/api/entities/{Uri.EscapeDataString(entity)}/history?metric=power_kw&from={from}");

        Assert.Equal([2.0], history.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));
    }

    [Theory]
    [InlineData(3600, "future")]
    [InlineData(-30 * 24 * 3600, "in the past")]
    public async Task Readings_far_in_the_future_or_past_are_refused(int offsetSeconds, string reason)
    {
        var (sensor, _) = await RegisterAsync(app, "power_kw", "kW", feature: 14);
        using var client = SensorClient();
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + offsetSeconds;

        var response = await client.PostAsync("/api/ingest", Senml($$"""[{"n":"{{sensor}}","v":5,"t":{{t}}}]"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Wrong_unit_is_refused_and_nothing_changes()
    {
        var (sensor, entity) = await RegisterAsync(app, "power_kw", "kW", feature: 4);
        using var client = SensorClient();
        var before = await ValueAsync(entity, "power_kw");

        var response = await client.PostAsync("/api/ingest", Senml($$"""[{"n":"{{sensor}}","u":"W","v":1200}]"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("registered in 'kW'", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await ValueAsync(entity, "power_kw"));
    }

    [Fact]
    public async Task A_flooding_sensor_gets_429_with_Retry_After()
    {
        var (sensor, _) = await RegisterAsync(app, "power_kw", "kW", feature: 5);
        using var client = SensorClient();
        var records = string.Join(",", Enumerable.Range(0, 250).Select(i => $$"""{"n":"{{sensor}}","v":{{i}},"t":{{-i}}}"""));

        var response = await client.PostAsync("/api/ingest", Senml($"[{records}]"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_pack_refused_for_one_sensors_rate_costs_the_other_sensors_nothing_and_says_when_to_retry()
    {
        // Burst 200 at 20 readings/s (the defaults): 250 readings of one sensor need 50 more tokens, 3 s.
        var (calm, _) = await RegisterAsync(app, "power_kw", "kW", feature: 6);
        var (flooding, _) = await RegisterAsync(app, "power_kw", "kW", feature: 7);
        using var client = SensorClient();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

        var refused = await client.PostAsync("/api/ingest", Senml($"[{Records(calm, 150, now - 1000)},{Records(flooding, 250, now - 1000)}]"));
        var calmAgain = await client.PostAsync("/api/ingest", Senml($"[{Records(calm, 200, now - 2000)}]"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains($"sensor '{flooding}' is over its rate", await refused.Content.ReadAsStringAsync());
        Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, calmAgain.StatusCode); // all 200 of its tokens were given back
    }

    [Fact]
    public async Task A_sensor_that_used_its_burst_stays_held_to_its_rate_after_the_register_changes()
    {
        var (sensor, _) = await RegisterAsync(app, "power_kw", "kW", feature: 8);
        using var client = SensorClient();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/ingest", Senml($"[{Records(sensor, 200, now - 3000)}]"))).StatusCode);

        await RegisterAsync(app, "power_kw", "kW", feature: 9); // a new version of the register
        var again = await client.PostAsync("/api/ingest", Senml($"[{Records(sensor, 50, now - 4000)}]"));

        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
    }

    [Fact]
    public async Task The_backlog_shows_readings_waiting_for_their_entities_and_drains_within_the_interval()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        // Ten features from two thirds of the tile on: no other test of this fixture reads or writes them.
        var (tile, count) = await CityProbe.BusiestTileAsync(operatorClient);
        var ids = await Task.WhenAll(Enumerable.Range(count * 2 / 3, 10).Select(i => CityProbe.FeatureIdAsync(operatorClient, tile, i)));
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);

        // The first batch goes to the entities at once; the next ones wait for the interval.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var round = 0; round < 5; round++)
        {
            var batch = ids.Select(id => new { entity = id, metric = "power_kw", value = 40.0 + round, time = start.AddSeconds(round) }).ToArray();
            (await operatorClient.PostAsJsonAsync("/api/readings", batch)).EnsureSuccessStatusCode();
        }

        var backlog = await operatorClient.GetFromJsonAsync<JsonElement>("/api/ingest/backlog");
        var interval = TimeSpan.FromSeconds(backlog.GetProperty("entityIntervalSeconds").GetDouble());
        Assert.True(interval > TimeSpan.Zero, $"the embedded twin spaces entity calls: {backlog}");
        if (clock.Elapsed < interval / 2)
        {
            // Only meaningful when the batches came well within one interval (a loaded machine may take longer).
            Assert.True(backlog.GetProperty("readingsQueued").GetInt64() > 0, $"later batches should wait for their entities: {backlog}");
        }

        var deadline = DateTime.UtcNow + interval + TimeSpan.FromSeconds(10);
        while (backlog.GetProperty("readingsQueued").GetInt64() > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            backlog = await operatorClient.GetFromJsonAsync<JsonElement>("/api/ingest/backlog");
        }

        Assert.Equal(0, backlog.GetProperty("readingsQueued").GetInt64());
        using var anyone = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anyone.GetAsync("/api/ingest/backlog")).StatusCode);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(Roles.Planner, HttpStatusCode.Forbidden)]
    public async Task Only_sensors_and_operators_may_ingest(string? role, HttpStatusCode expected)
    {
        using var client = app.CreateClient(role);

        var response = await client.PostAsync("/api/ingest", Senml("""[{"n":"x","v":1}]"""));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task The_register_is_public_and_says_who_runs_each_sensor_and_why()
    {
        var (sensor, entity) = await RegisterAsync(app, "power_kw", "kW", feature: 6);
        using var client = app.CreateClient();

        var register = await client.GetFromJsonAsync<JsonElement>($"/api/sensors?entity={Uri.EscapeDataString(entity)}");

        var entry = register.GetProperty("sensors").EnumerateArray().Single(s => s.GetProperty("id").GetString() == sensor);
        Assert.Equal(entity, entry.GetProperty("entityId").GetString());
        Assert.Equal("TwinCity tests", entry.GetProperty("operator").GetString());
        Assert.Equal("Checks the ingest path", entry.GetProperty("purpose").GetString());
        Assert.Equal(30, entry.GetProperty("retentionDays").GetInt32());
    }

    [Fact]
    public async Task The_register_comes_in_pages_that_together_list_every_sensor_once()
    {
        for (var feature = 20; feature < 25; feature++)
        {
            await RegisterAsync(app, "power_kw", "kW", feature: feature);
        }

        using var client = app.CreateClient();
        var total = (await client.GetFromJsonAsync<JsonElement>("/api/sensors?limit=1")).GetProperty("total").GetInt32();
        var ids = new List<string>();
        for (var offset = 0; offset < total; offset += 2)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/sensors?offset={offset}&limit=2");
            Assert.Equal(offset, page.GetProperty("offset").GetInt32());
            ids.AddRange(page.GetProperty("sensors").EnumerateArray().Select(s => s.GetProperty("id").GetString()!));
        }

        Assert.True(total >= 5);
        Assert.Equal(total, ids.Count);
        Assert.Equal(ids.Distinct().Order(StringComparer.Ordinal), ids);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/sensors?limit=100000")).StatusCode);
    }

    [Fact]
    public async Task Registering_a_sensor_on_an_unknown_entity_or_metric_is_refused()
    {
        using var client = app.CreateClient(Roles.Operator);

        var response = await client.PutAsJsonAsync("/api/sensors/bad-1", new
        {
            entityId = "osm:way/1", metricId = "noise_db", unit = "dB", @operator = "x", purpose = "y", retentionDays = 30, countsPeople = false,
        });
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("metricId 'noise_db'", text);
        Assert.Contains("entityId 'osm:way/1'", text);
    }
}
