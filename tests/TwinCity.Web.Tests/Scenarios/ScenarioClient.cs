using System.Net.Http.Json;
using System.Text.Json;

namespace TwinCity.Web.Tests.Scenarios;

/// <summary>A planner's calls on one scenario.</summary>
public sealed class ScenarioClient(HttpClient planner, string id)
{
    /// <summary>Scenario id.</summary>
    public string Id => id;

    /// <summary>Creates a draft.</summary>
    public static async Task<ScenarioClient> CreateAsync(HttpClient planner, string name)
    {
        var created = await planner.PostAsJsonAsync("/api/scenarios", new { name, assumptions = "test" });
        created.EnsureSuccessStatusCode();
        return new ScenarioClient(planner, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    /// <summary>Posts an intervention; the raw response.</summary>
    public Task<HttpResponseMessage> ApplyAsync(object intervention) => planner.PostAsJsonAsync($"/api/scenarios/{id}/interventions", intervention);

    /// <summary>Posts an intervention that must be accepted.</summary>
    public async Task ApplyOkAsync(object intervention)
    {
        var response = await ApplyAsync(intervention);
        Assert.True(response.IsSuccessStatusCode, $"Applying {JsonSerializer.Serialize(intervention)}: expected success, found {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Runs the analyses; the result.</summary>
    public async Task<JsonElement> AnalyseAsync(object? options = null)
    {
        var response = options is null ? await planner.PostAsync($"/api/scenarios/{id}/analyse", null) : await planner.PostAsJsonAsync($"/api/scenarios/{id}/analyse", options);
        Assert.True(response.IsSuccessStatusCode, $"Analysing: expected success, found {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Publishes it.</summary>
    public async Task PublishAsync() => (await planner.PostAsync($"/api/scenarios/{id}/publish", null)).EnsureSuccessStatusCode();

    /// <summary>The scenario as the planner sees it.</summary>
    public Task<JsonElement> GetAsync() => planner.GetFromJsonAsync<JsonElement>($"/api/scenarios/{id}");

    /// <summary>A KPI row's (baseline, scenario).</summary>
    public static (double Baseline, double Scenario) Kpi(JsonElement analysis, string kpi)
    {
        var row = analysis.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("id").GetString() == kpi);
        return (row.GetProperty("baseline").GetDouble(), row.GetProperty("scenario").GetDouble());
    }

    /// <summary>The differences of one entity and metric.</summary>
    public static List<(double Baseline, double Scenario)> Differences(JsonElement analysis, string entityId, string metric) =>
        [.. analysis.GetProperty("differences").EnumerateArray()
            .Where(d => d.GetProperty("entityId").GetString() == entityId && d.GetProperty("metric").GetString() == metric)
            .Select(d => (d.GetProperty("baseline").GetDouble(), d.GetProperty("scenario").GetDouble()))];
}
