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
}
