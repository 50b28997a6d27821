using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using TwinCity.Web.Auth;
using TwinCity.Web.City;

namespace TwinCity.Web.Tests.Persistence;

/// <summary>
/// The embedded twin persists through its folder store: stop it, start it again on the same state
/// folder, and every building's values, the catalogue and the tiles are as they were.
/// </summary>
public sealed class RestartTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddMinutes(-10);

    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), "twincity-restart-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Twin_restarted_on_its_state_folder_has_the_same_state_and_history_checksum()
    {
        string before;
        IReadOnlyList<string> ids;
        await using (var first = await StartAsync())
        {
            using var client = Client(first, Roles.Operator);
            var (tile, count) = await CityProbe.BusiestTileAsync(client);
            ids = await Task.WhenAll(Enumerable.Range(0, Math.Min(count, 25)).Select(i => CityProbe.FeatureIdAsync(client, tile, i)));
            // Three minutes of history per building, then the latest values.
            var readings = ids.SelectMany((id, i) => Enumerable.Range(0, 3).SelectMany(minute => new object[]
            {
                new { entity = id, metric = "power_kw", value = 10.5 + i + (3 - minute), time = Start.AddMinutes(minute) },
                new { entity = id, metric = "indoor_temp_c", value = 18.25 + (i / 4.0) + minute, time = Start.AddMinutes(minute) },
            })).Concat(ids.SelectMany((id, i) => new object[]
            {
                new { entity = id, metric = "power_kw", value = 10.5 + i, time = Start.AddMinutes(3) },
                new { entity = id, metric = "indoor_temp_c", value = 18.25 + (i / 4.0), time = Start.AddMinutes(3) },
            })).ToArray();
            (await client.PostAsJsonAsync("/api/readings", readings)).EnsureSuccessStatusCode();
            before = await ChecksumAsync(client, ids);
            await first.StopAsync(); // deactivates the grains: their last values are written
        }

        await using var second = await StartAsync();
        using var again = Client(second, Roles.Operator);

        var after = await ChecksumAsync(again, ids);
        Assert.Equal(before, after);
        Assert.Equal(10.5, await CityProbe.MetricAsync(again, ids[0], "power_kw"));
        var history = await again.GetFromJsonAsync<JsonElement>($"/api/entities/{Uri.EscapeDataString(ids[0])}/history?metric=power_kw");
        Assert.Equal([13.5, 12.5, 11.5, 10.5], history.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));
    }

    [Fact]
    public async Task Readings_still_queued_for_their_entities_when_the_twin_stops_are_in_their_history_after_a_restart()
    {
        IReadOnlyList<string> ids;
        await using (var first = await StartAsync())
        {
            using var client = Client(first, Roles.Operator);
            var (tile, count) = await CityProbe.BusiestTileAsync(client);
            ids = await Task.WhenAll(Enumerable.Range(0, Math.Min(count, 10)).Select(i => CityProbe.FeatureIdAsync(client, tile, i)));
            // Five batches back to back: the first reaches the entities at once, the others are acknowledged
            // while still queued for them (EntityInterval), and the stop comes before the interval is over.
            // Past the sensor directory's 5-s cache first: then anything on the stop's path that asks the register
            // (a grain a stopping silo may no longer answer for) makes a grain call there. One such call, the
            // history's retention, once failed the stop's writes and lost every reading below.
            await Task.Delay(TimeSpan.FromSeconds(6));
            for (var minute = 0; minute < 5; minute++)
            {
                var batch = ids.Select(id => new { entity = id, metric = "power_kw", value = 100.0 + minute, time = Start.AddMinutes(minute) }).ToArray();
                (await client.PostAsJsonAsync("/api/readings", batch)).EnsureSuccessStatusCode();
            }

            await first.StopAsync();
        }

        await using var second = await StartAsync();
        using var again = Client(second, Roles.Operator);
        foreach (var id in ids)
        {
            var history = await again.GetFromJsonAsync<JsonElement>($"/api/entities/{Uri.EscapeDataString(id)}/history?metric=power_kw&from={Uri.EscapeDataString(Start.AddMinutes(-1).ToString("O"))}");
            Assert.Equal([100.0, 101, 102, 103, 104], history.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()));
        }
    }

    [Fact]
    public async Task The_sweep_deletes_an_idle_entitys_history_past_its_retention_which_outlives_the_removal_of_its_sensor()
    {
        // 1,000 points 5 min apart up to a minute ago, with no sensor registered yet: all of them stored.
        var now = DateTimeOffset.UtcNow;
        var times = Enumerable.Range(0, 1000).Select(i => now.AddMinutes(-1 - (5 * (999 - i)))).ToArray();
        string entity;
        await using (var first = await StartAsync())
        {
            using var client = Client(first, Roles.Operator);
            var (tile, _) = await CityProbe.BusiestTileAsync(client);
            entity = await CityProbe.FeatureIdAsync(client, tile, 3);
            var readings = times.Select((t, i) => new { entity, metric = "power_kw", value = (double)i, time = t }).ToArray();
            (await client.PostAsJsonAsync("/api/readings", readings)).EnsureSuccessStatusCode();
            await first.StopAsync();
        }

        // Then a sensor with a day's retention, and the sweep, on an entity that no reading or query has woken.
        const string Sensor = "restart-test-meter";
        await using (var second = await StartAsync())
        {
            using var client = Client(second, Roles.Operator);
            (await client.PutAsJsonAsync($"/api/sensors/{Sensor}", new
            {
                entityId = entity, metricId = "power_kw", unit = "kW", @operator = "TwinCity tests", purpose = "Checks retention", retentionDays = 1, countsPeople = false,
            })).EnsureSuccessStatusCode();
            var chunks = second.Services.GetRequiredService<TwinCity.Silo.Persistence.HistoryChunkStore>();
            var metric = TwinCity.Models.Metrics.MetricCatalog.IndexOf("power_kw");
            Assert.NotNull(await chunks.ReadAsync(entity, metric, 0));

            Assert.Equal(1, await second.Services.GetRequiredService<TwinCity.Silo.Grains.HistorySweep>().SweepAsync([entity]));

            // The point a day ago is point 711, in chunk 2 (512..767): chunks 0 and 1 are wholly past the retention.
            Assert.Null(await chunks.ReadAsync(entity, metric, 0));
            Assert.Null(await chunks.ReadAsync(entity, metric, 1));
            Assert.NotNull(await chunks.ReadAsync(entity, metric, 2));
            (await client.DeleteAsync($"/api/sensors/{Sensor}")).EnsureSuccessStatusCode();
            await second.StopAsync();
        }

        // The sensor is gone from the register; the day it promised still bounds what is served.
        await using var third = await StartAsync();
        using var again = Client(third, Roles.Operator);
        var history = await again.GetFromJsonAsync<JsonElement>(
            $"/api/entities/{Uri.EscapeDataString(entity)}/history?metric=power_kw&from={Uri.EscapeDataString(times[0].AddMinutes(-1).ToString("O"))}");
        var oldest = history.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("time").GetDateTimeOffset()).Min();
        Assert.True(oldest >= DateTimeOffset.UtcNow.AddDays(-1), $"a point of {oldest:O} is served, past the day of retention");
        Assert.Equal(999, history.GetProperty("points").EnumerateArray().Last().GetProperty("value").GetDouble());
    }

    // The catalogue (its version included: a restart resumes the stored city, it does not import it again),
    // the root tileset and each building's description, values and history, hashed in a fixed order.
    private static async Task<string> ChecksumAsync(HttpClient client, IEnumerable<string> ids)
    {
        var text = new StringBuilder();
        var city = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/api/city"))!;
        Assert.True(city.ContainsKey("version"), "the catalogue has a version");
        text.Append(city.ToJsonString());
        text.Append(await client.GetStringAsync("/city/tileset.json"));
        foreach (var id in ids.Order(StringComparer.Ordinal))
        {
            var building = await client.GetFromJsonAsync<JsonElement>($"/api/buildings/{id}");
            text.Append(building.GetProperty("info").GetRawText());
            foreach (var metric in building.GetProperty("metrics").EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                text.Append(metric.Name).Append('=').Append(metric.Value.GetRawText()).Append(';');
            }

            foreach (var metric in new[] { "power_kw", "indoor_temp_c" })
            {
                text.Append(await client.GetStringAsync($"/api/entities/{Uri.EscapeDataString(id)}/history?metric={metric}"));
            }
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--urls", "http://127.0.0.1:0"],
            ContentRootPath = RepoPaths.Web,
            ApplicationName = "TwinCity.Web",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TwinCity:StateDirectory"] = _stateDirectory,
            ["TwinCity:SiloPort"] = TwinCityAppFixture.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TwinCity:GatewayPort"] = TwinCityAppFixture.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TwinCity:Simulator:Enabled"] = "false",
            ["TwinCity:MqttPort"] = TwinCityAppFixture.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddTwinCityWeb();
        var app = builder.Build();
        app.MapTwinCity();
        await app.StartAsync();
        var status = app.Services.GetRequiredService<CityStatus>();
        await status.WhenSettled.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(status.Phase == CityPhase.Ready, $"Loading the city: expected Ready, found {status.Phase}: {status.Message}");
        return app;
    }

    private static HttpClient Client(WebApplication app, string role)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", app.Services.GetRequiredService<AccessTokens>().Tokens[role]);
        return client;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (Directory.Exists(_stateDirectory))
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }
}
