using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using TwinCity.Models.Entities;
using TwinCity.Web.Auth;
using TwinCity.Web.City;

namespace TwinCity.Web.Apis;

/// <summary>
/// The registered sensors on the features of one tile, for the viewer's sensors layer: it streams tiles, so it
/// asks only for the tiles it loads, and places one marker per sensor on its feature.
/// </summary>
public static partial class TileSensorsApi
{
    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapTileSensorsApi(this IEndpointRouteBuilder app)
    {
        // Building tiles are one segment (3_4_2); street and utility tiles are "<layer>/<tile>" (streets/t-0-1).
        app.MapGet("/api/tiles/{tileId}/sensors", GetBuildingTileSensorsAsync).WithName("GetTileSensors").RequireAuthorization(Roles.Public);
        app.MapGet("/api/tiles/{layer}/{tile}/sensors", GetLayerTileSensorsAsync).WithName("GetLayerTileSensors").RequireAuthorization(Roles.Public);
        return app;
    }

    /// <summary>The sensors of a building tile.</summary>
    public static Task<Results<Ok<TileSensors>, StatusCodeHttpResult, ProblemHttpResult>> GetBuildingTileSensorsAsync(
        string tileId, TileSensorIndex index, HttpContext http) =>
        GetAsync(tileId, TileIdProblem(tileId), index, http);

    /// <summary>The sensors of a street or utility-network tile.</summary>
    public static Task<Results<Ok<TileSensors>, StatusCodeHttpResult, ProblemHttpResult>> GetLayerTileSensorsAsync(
        string layer, string tile, TileSensorIndex index, HttpContext http)
    {
        var problem = layer is LayerIds.Streets or LayerIds.Networks
            ? TileIdProblem(tile)
            : $"layer '{Clip(layer)}' is not {LayerIds.Streets} or {LayerIds.Networks} (building tiles have no layer prefix)";
        return GetAsync($"{layer}/{tile}", problem, index, http);
    }

    private static async Task<Results<Ok<TileSensors>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        string tileId, string? problem, TileSensorIndex index, HttpContext http)
    {
        if (problem is not null)
        {
            return TypedResults.Problem($"Tile id '{Clip(tileId)}': {problem}.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid tile id");
        }

        var sensors = await index.GetAsync(tileId);
        if (sensors is null)
        {
            return TypedResults.Problem($"No tile '{tileId}' in this city.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        // The list changes only with the city or the register: a viewer revalidating a tile it saw gets a 304.
        var etag = $"\"{sensors.CityVersion}-{sensors.RegisterVersion}\"";
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "public, no-cache";
        return http.Request.Headers.IfNoneMatch.Contains(etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(sensors);
    }

    /// <summary>What is wrong with one tile id segment, or null when it is well formed.</summary>
    private static string? TileIdProblem(string tile) =>
        SafeTileId().IsMatch(tile) ? null : "use 1-64 letters, digits, '_' or '-'";

    private static string Clip(string text) => text.Length <= 100 ? text : text[..100] + "…";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex SafeTileId();
}
