using Microsoft.AspNetCore.Http.HttpResults;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Silo.Ingestion;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Apis;

/// <summary>Buildings: description and latest values.</summary>
public static class BuildingsApi
{
    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapBuildingsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/buildings/{**id}", GetBuildingAsync).WithName("GetBuilding").RequireAuthorization(Roles.Public);
        app.MapGet("/api/tiles/{tileId}/features/{featureIndex:int}", GetFeatureAsync).WithName("GetTileFeature").RequireAuthorization(Roles.Public);
        return app;
    }

    /// <summary>A building by id (e.g. <c>osm:way/123</c>).</summary>
    public static async Task<Results<Ok<BuildingSnapshot>, ProblemHttpResult>> GetBuildingAsync(string id, IGrainFactory grains, EntityDirectory directory, ReadingIngestor ingestor)
    {
        // Check the directory first: a public request for a made-up id must not activate a grain.
        if (!(await directory.GetIdsAsync()).Contains(id))
        {
            return NotFound($"No building '{Clip(id)}' in this city.");
        }

        await ingestor.FlushAsync(id); // every reading acknowledged so far, not only the last interval's
        var snapshot = await grains.GetGrain<IBuildingGrain>(id).GetSnapshotAsync();
        return snapshot is null ? NotFound($"No building '{Clip(id)}' in this city.") : TypedResults.Ok(snapshot);
    }

    /// <summary>The building behind a feature of a tile, as a viewer picks it.</summary>
    public static async Task<Results<Ok<BuildingSnapshot>, ProblemHttpResult>> GetFeatureAsync(
        string tileId, int featureIndex, IGrainFactory grains, EntityDirectory directory, ReadingIngestor ingestor)
    {
        var city = await grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey).GetCityAsync();
        var tile = city?.Tiles.FirstOrDefault(t => t.Id == tileId);
        if (tile is null || featureIndex < 0 || featureIndex >= tile.FeatureCount)
        {
            return NotFound($"No feature {featureIndex} in tile '{Clip(tileId)}'.");
        }

        var id = await grains.GetGrain<ITileGrain>(tileId).GetFeatureIdAsync(featureIndex);
        return id is null ? NotFound($"No feature {featureIndex} in tile '{Clip(tileId)}'.") : await GetBuildingAsync(id, grains, directory, ingestor);
    }

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static string Clip(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
