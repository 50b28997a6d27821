using System.Net.Http.Json;
using System.Text.Json;
using TwinCity.Importers.Cli;
using TwinCity.Importers.Sources;
using TwinCity.Models.Frames;
using TwinCity.Models.Metrics;
using TwinCity.Web.Auth;
using Xunit.Abstractions;

namespace TwinCity.Web.Tests.Networks;

/// <summary>The twin started on the Cologne traffic segments instead of Monaco.</summary>
public sealed class KoelnAppFixture : TwinCityAppFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [new("TwinCity:City", DataFolder.GetPath("sensors/koeln-traffic-street-segments.geojson"))];
}

/// <summary>Issue 4: the Cologne segments as a street layer, and the recorded series replayed into them over MQTT.</summary>
public sealed class KoelnReplayTests(KoelnAppFixture app, ITestOutputHelper output) : IClassFixture<KoelnAppFixture>
{
    private const string Series = "sensors/koeln-traffic-load_2013-02-11_to_13.csv";

    [Fact]
    public async Task The_segments_load_as_a_street_only_city_under_the_city_of_Cologne_licence()
    {
        using var client = app.CreateClient();
        var city = await CityProbe.CityAsync(client);

        var layer = Assert.Single(city.GetProperty("layers").EnumerateArray());
        Assert.Equal("streets", layer.GetProperty("id").GetString());
        Assert.Equal(108, layer.GetProperty("featureCount").GetInt32());
        Assert.Equal("CC-BY-3.0", city.GetProperty("provenance").GetProperty("licence").GetString());
        Assert.Contains("Stadt Köln", city.GetProperty("provenance").GetProperty("attribution").GetString());
        var segment = await client.GetFromJsonAsync<JsonElement>($"/api/entities/{Uri.EscapeDataString("koeln:segment/ST001")}");
        Assert.Equal("street-segment", segment.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Every_segment_has_one_registered_Stadt_Koeln_traffic_sensor_that_does_not_count_people()
    {
        using var client = app.CreateClient();
        var sensors = (await client.GetFromJsonAsync<JsonElement>("/api/sensors?limit=5000")).GetProperty("sensors").EnumerateArray()
            .Where(s => s.GetProperty("operator").GetString() == "Stadt Köln").ToList();

        Assert.Equal(108, sensors.Count);
        Assert.All(sensors, s =>
        {
            Assert.StartsWith("koeln:segment/", s.GetProperty("entityId").GetString());
            Assert.Equal("traffic_load", s.GetProperty("metricId").GetString());
            Assert.False(s.GetProperty("countsPeople").GetBoolean());
            Assert.True(s.GetProperty("retentionDays").GetInt32() > 0);
            Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("purpose").GetString()));
        });
    }

    [Fact]
    public async Task Replayed_readings_land_in_the_segment_grains_as_recorded_and_reach_street_tile_frames()
    {
        const int limit = 1500;
        using var client = app.CreateClient();
        var tiles = (await CityProbe.CityAsync(client)).GetProperty("tiles").EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToArray();
        await using var watcher = await FrameWatcher.WatchAsync(app.BaseAddress, tiles);
        var file = DataFolder.GetPath(Series);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await ReplayCommand.Main(
            ["replay", file, "--broker", $"127.0.0.1:{app.MqttPort}", "--speed", "3000", "--token", app.Tokens.Tokens[Roles.Sensor], "--limit", $"{limit}"], stdout, stderr);
        output.WriteLine(stdout.ToString());

        Assert.True(exit == 0, $"replay exit {exit}: {stdout}{stderr}");
        Assert.Contains($"published {limit}, acknowledged {limit}, refused 0", stdout.ToString());
        var frame = await watcher.NextAsync(f => !f.IsSnapshot, "delta frame for a street tile after the replay");
        Assert.StartsWith("streets/", frame.TileId);
        Assert.All(TileFrameCodec.Decode(frame.Payload), c => Assert.Equal(MetricCatalog.IndexOf("traffic_load"), c.MetricIndex));

        var recorded = TrafficCsv.Read(file).Where(r => r.Valid).Take(limit).GroupBy(r => r.Identifier).ToList();
        Assert.Equal(108, recorded.Count);
        foreach (var segment in recorded)
        {
            var id = Uri.EscapeDataString("koeln:segment/" + segment.Key);
            var history = await client.GetFromJsonAsync<JsonElement>($"/api/entities/{id}/history?metric=traffic_load");
            var entity = await client.GetFromJsonAsync<JsonElement>($"/api/entities/{id}");

            Assert.Equal(segment.Select(r => r.State), history.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));
            Assert.Equal(segment.Last().State, entity.GetProperty("metrics").GetProperty("traffic_load").GetDouble());
        }
    }

    [Fact]
    public async Task Replay_against_a_wrong_sensor_key_fails_without_publishing()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await ReplayCommand.Main(
            ["replay", DataFolder.GetPath(Series), "--broker", $"127.0.0.1:{app.MqttPort}", "--token", "not-the-key", "--limit", "5"], stdout, stderr);

        Assert.Equal(2, exit);
        Assert.Contains("replay failed", stderr.ToString());
    }
}
