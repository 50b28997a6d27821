using System.Net.Http.Json;
using System.Text.Json;

namespace TwinCity.Web.Tests.Scenarios;

/// <summary>Real Monaco entities the scenario tests act on, found through the public API.</summary>
public static class ScenarioCity
{
    private static readonly string[] Roads = ["primary", "secondary", "tertiary", "residential"];

    /// <summary>A street segment cars use (a primary, secondary, tertiary or residential road).</summary>
    public static async Task<JsonElement> RoadSegmentAsync(HttpClient client) =>
        await FirstFeatureAsync(client, "streets", f => f.GetProperty("attributes").TryGetProperty("highway", out var h) && Roads.Contains(h.GetString()));

    /// <summary>A power line or cable piece.</summary>
    public static async Task<JsonElement> PowerEdgeAsync(HttpClient client) =>
        await FirstFeatureAsync(client, "networks", f => f.GetProperty("kind").GetString() == "utility-edge"
            && f.GetProperty("attributes").TryGetProperty("network", out var n) && n.GetString() == "power");

    /// <summary>The building tiles' bounds: (minX, minY, maxX, maxY) of every tile, local metres.</summary>
    public static async Task<List<(double MinX, double MinY, double MaxX, double MaxY, int Features)>> BuildingTilesAsync(HttpClient client) =>
        [.. (await CityProbe.CityAsync(client)).GetProperty("tiles").EnumerateArray()
            .Where(t => (t.TryGetProperty("layer", out var l) ? l.GetString() : "buildings") == "buildings")
            .Select(t => (t.GetProperty("minX").GetDouble(), t.GetProperty("minY").GetDouble(), t.GetProperty("maxX").GetDouble(), t.GetProperty("maxY").GetDouble(), t.GetProperty("featureCount").GetInt32()))];

    /// <summary>A square of <paramref name="side"/> metres 60 m north of every building (open ground or sea, inside the city's reach).</summary>
    public static async Task<double[]> FreeSquareAsync(HttpClient client, double side, double offsetEast = 0)
    {
        var tiles = await BuildingTilesAsync(client);
        var (x, y) = ((tiles.Min(t => t.MinX) + tiles.Max(t => t.MaxX)) / 2 + offsetEast, tiles.Max(t => t.MaxY) + 60);
        return [x, y, x + side, y, x + side, y + side, x, y + side];
    }

    private static async Task<JsonElement> FirstFeatureAsync(HttpClient client, string layer, Func<JsonElement, bool> wanted)
    {
        var tiles = (await CityProbe.CityAsync(client)).GetProperty("tiles").EnumerateArray()
            .Where(t => t.TryGetProperty("layer", out var l) && l.GetString() == layer)
            .Select(t => (Id: t.GetProperty("id").GetString()!, Count: t.GetProperty("featureCount").GetInt32()));
        foreach (var (id, count) in tiles)
        {
            for (var i = 0; i < count; i++)
            {
                var feature = await client.GetFromJsonAsync<JsonElement>($"/api/tiles/{id}/features/{i}");
                if (wanted(feature))
                {
                    return feature;
                }
            }
        }

        throw new InvalidOperationException($"Finding a test entity: no wanted feature in the {layer} layer of Monaco");
    }
}
