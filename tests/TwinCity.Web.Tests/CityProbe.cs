using System.Net.Http.Json;
using System.Text.Json;

namespace TwinCity.Web.Tests;

/// <summary>Reads what tests need from the running twin through its public API.</summary>
public static class CityProbe
{
    /// <summary>The catalogue as JSON.</summary>
    public static async Task<JsonElement> CityAsync(HttpClient client) =>
        await client.GetFromJsonAsync<JsonElement>("/api/city");

    /// <summary>The id of feature <paramref name="featureIndex"/> of <paramref name="tileId"/>.</summary>
    public static async Task<string> FeatureIdAsync(HttpClient client, string tileId, int featureIndex)
    {
        var building = await client.GetFromJsonAsync<JsonElement>($"/api/tiles/{tileId}/features/{featureIndex}");
        return building.GetProperty("info").GetProperty("id").GetString()!;
    }

    /// <summary>The building tile with the most features (a busy downtown tile).</summary>
    public static async Task<(string TileId, int FeatureCount)> BusiestTileAsync(HttpClient client, string layer = "buildings")
    {
        var tile = (await CityAsync(client)).GetProperty("tiles").EnumerateArray()
            .Where(t => (t.TryGetProperty("layer", out var l) ? l.GetString() : "buildings") == layer)
            .MaxBy(t => t.GetProperty("featureCount").GetInt32());
        return (tile.GetProperty("id").GetString()!, tile.GetProperty("featureCount").GetInt32());
    }

    /// <summary>The latest value of a metric of a building, or null when it has none.</summary>
    public static async Task<double?> MetricAsync(HttpClient client, string buildingId, string metric)
    {
        var building = await client.GetFromJsonAsync<JsonElement>($"/api/buildings/{buildingId}");
        return building.GetProperty("metrics").TryGetProperty(metric, out var value) ? value.GetDouble() : null;
    }
}
