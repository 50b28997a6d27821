using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using TwinCity.Models.Alerts;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Tests.Apis;

[Collection(AppCollection.Name)]
public sealed class AlertsApiTests(TwinCityAppFixture app)
{
    private async Task<string> EntityAsync(int feature)
    {
        using var client = app.CreateClient();
        var (tile, _) = await CityProbe.BusiestTileAsync(client);
        return await CityProbe.FeatureIdAsync(client, tile, feature);
    }

    private async Task PostAsync(string entity, string metric, double value, DateTimeOffset time)
    {
        using var client = app.CreateClient(Roles.Operator);
        (await client.PostAsJsonAsync("/api/readings", new[] { new { entity, metric, value, time } })).EnsureSuccessStatusCode();
    }

    private async Task<JsonElement?> AlertOfAsync(string entity, string rule, bool cleared = false)
    {
        using var client = app.CreateClient(Roles.Operator);
        var alerts = await client.GetFromJsonAsync<JsonElement>($"/api/alerts?cleared={cleared.ToString().ToLowerInvariant()}");
        return alerts.EnumerateArray().Where(a => a.GetProperty("entityId").GetString() == entity && a.GetProperty("ruleId").GetString() == rule)
            .Select(a => (JsonElement?)a).LastOrDefault();
    }

    [Fact]
    public async Task An_alert_is_raised_pushed_acknowledged_and_cleared()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        (await operatorClient.PutAsJsonAsync("/api/alert-rules/hot-inside", new { metricId = "indoor_temp_c", condition = "above", threshold = 40, staleSeconds = 0 })).EnsureSuccessStatusCode();
        var pushed = new List<Alert>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "/hubs/twin"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(app.Tokens.Tokens[Roles.Operator]))
            .AddMessagePackProtocol().Build();
        hub.On<Alert>("Alert", a => { lock (pushed) { pushed.Add(a); } });
        await hub.StartAsync();
        await hub.InvokeAsync("WatchAlerts");
        var entity = await EntityAsync(15);
        var now = DateTimeOffset.UtcNow;

        await PostAsync(entity, "indoor_temp_c", 45, now.AddSeconds(-3));
        var raised = await AlertOfAsync(entity, "hot-inside");
        var ack = await operatorClient.PostAsync($"/api/alerts/{raised!.Value.GetProperty("id").GetString()}/acknowledge", null);
        await PostAsync(entity, "indoor_temp_c", 21, now.AddSeconds(-1));
        var cleared = await AlertOfAsync(entity, "hot-inside", cleared: true);

        Assert.Equal("raised", raised.Value.GetProperty("state").GetString());
        Assert.Contains("indoor_temp_c 45 is above 40", raised.Value.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal("cleared", cleared!.Value.GetProperty("state").GetString());
        Assert.True(cleared.Value.GetProperty("acknowledgedAt").ValueKind == JsonValueKind.String, "the acknowledgement is kept when the alert clears");
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline && pushed.Count(a => a.EntityId == entity) < 3)
        {
            await Task.Delay(20);
        }

        lock (pushed)
        {
            Assert.Equal(["raised", "acknowledged", "cleared"], pushed.Where(a => a.EntityId == entity).Select(a => a.State));
        }
    }

    [Fact]
    public async Task A_silent_sensor_raises_a_stale_alert()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        (await operatorClient.PutAsJsonAsync("/api/alert-rules/quiet-counter", new { metricId = "people_count", condition = "stale", threshold = 0, staleSeconds = 1 })).EnsureSuccessStatusCode();
        var entity = await EntityAsync(16);
        await PostAsync(entity, "people_count", 0, DateTimeOffset.UtcNow.AddSeconds(-30));
        await PostAsync(entity, "people_count", 50, DateTimeOffset.UtcNow);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonElement? stale = null;
        while (stale is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            stale = await AlertOfAsync(entity, "quiet-counter");
        }

        Assert.True(stale is not null, $"stale alert for {entity}: expected within 10 s of a 1 s silence, none");
        Assert.Contains("no people_count reading for more than 1 s", stale!.Value.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_value_rising_faster_than_the_rule_raises_an_alert_that_clears_when_it_steadies()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        (await operatorClient.PutAsJsonAsync("/api/alert-rules/power-surge", new { metricId = "power_kw", condition = "rises", threshold = 50, staleSeconds = 0 })).EnsureSuccessStatusCode();
        var entity = await EntityAsync(17);
        var now = DateTimeOffset.UtcNow;

        await PostAsync(entity, "power_kw", 100, now.AddMinutes(-4));
        await PostAsync(entity, "power_kw", 130, now.AddMinutes(-3)); // +30 per minute: under the rule
        var calm = await AlertOfAsync(entity, "power-surge");
        await PostAsync(entity, "power_kw", 430, now.AddMinutes(-2)); // +300 per minute
        var raised = await AlertOfAsync(entity, "power-surge");
        await PostAsync(entity, "power_kw", 440, now.AddMinutes(-1)); // +10 per minute
        var cleared = await AlertOfAsync(entity, "power-surge", cleared: true);

        Assert.Null(calm);
        Assert.Equal("raised", raised!.Value.GetProperty("state").GetString());
        Assert.Equal(300, raised.Value.GetProperty("value").GetDouble(), precision: 6);
        Assert.Contains("power_kw rises by 300 per minute, faster than 50", raised.Value.GetProperty("message").GetString());
        Assert.Equal("cleared", cleared!.Value.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_value_falling_faster_than_the_rule_raises_a_falls_alert()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        (await operatorClient.PutAsJsonAsync("/api/alert-rules/power-drop", new { metricId = "power_kw", condition = "falls", threshold = 20, staleSeconds = 0 })).EnsureSuccessStatusCode();
        var entity = await EntityAsync(18);
        var now = DateTimeOffset.UtcNow;

        await PostAsync(entity, "power_kw", 200, now.AddMinutes(-2));
        await PostAsync(entity, "power_kw", 140, now.AddMinutes(-1)); // -60 per minute

        var raised = await AlertOfAsync(entity, "power-drop");
        Assert.Contains("power_kw falls by 60 per minute, faster than 20", raised!.Value.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_late_reading_neither_clears_nor_raises_an_alert_the_newest_reading_decided()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        (await operatorClient.PutAsJsonAsync("/api/alert-rules/warm-inside", new { metricId = "indoor_temp_c", condition = "above", threshold = 30, staleSeconds = 0 })).EnsureSuccessStatusCode();
        var hot = await EntityAsync(19);
        var cool = await EntityAsync(20);
        var now = DateTimeOffset.UtcNow;

        await PostAsync(hot, "indoor_temp_c", 35, now.AddSeconds(-10));
        await PostAsync(hot, "indoor_temp_c", 20, now.AddMinutes(-5)); // late: measured before the 35
        await PostAsync(cool, "indoor_temp_c", 20, now.AddSeconds(-10));
        await PostAsync(cool, "indoor_temp_c", 35, now.AddMinutes(-5)); // late too

        Assert.Equal("raised", (await AlertOfAsync(hot, "warm-inside"))?.GetProperty("state").GetString());
        Assert.Null(await AlertOfAsync(cool, "warm-inside"));
    }

    [Fact]
    public async Task The_public_sees_no_alerts_and_cannot_watch_them()
    {
        using var client = app.CreateClient();
        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(app.BaseAddress, "/hubs/twin")).AddMessagePackProtocol().Build();
        await hub.StartAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/alerts")).StatusCode);
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("WatchAlerts"));
    }

    [Fact]
    public async Task A_rule_with_an_unknown_metric_or_condition_is_refused()
    {
        using var client = app.CreateClient(Roles.Operator);

        var response = await client.PutAsJsonAsync("/api/alert-rules/bad", new { metricId = "noise_db", condition = "loud", threshold = 1, staleSeconds = 0 });
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("metricId 'noise_db'", text);
        Assert.Contains("condition 'loud'", text);
    }

    [Fact]
    public async Task A_rate_rule_without_a_positive_change_per_minute_is_refused()
    {
        using var client = app.CreateClient(Roles.Operator);

        var response = await client.PutAsJsonAsync("/api/alert-rules/any-rise", new { metricId = "power_kw", condition = "rises", threshold = 0, staleSeconds = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("change per minute and must be above 0", await response.Content.ReadAsStringAsync());
    }
}
