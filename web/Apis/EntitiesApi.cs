using Microsoft.AspNetCore.Http.HttpResults;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Silo.Ingestion;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Apis;

/// <summary>Any entity of the twin (building, street segment, utility node or edge) by id, and the features of layer tiles.</summary>
public static class EntitiesApi
{
    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapEntitiesApi(this IEndpointRouteBuilder app)
    {
        // Entity ids hold '/' and '#', so the id is one URL-encoded path segment: /api/entities/osm%3Away%2F123%230.
        app.MapGet("/api/entities/{id}", GetEntityAsync).WithName("GetEntity").RequireAuthorization(Roles.Public);
        app.MapGet("/api/entity-places", GetPlacesAsync).WithName("GetEntityPlaces").RequireAuthorization(Roles.Public);
        // Layer tile ids are "<layer>/<tile>" (streets/t-0-1), so they take two path segments here.
        app.MapGet("/api/tiles/{layer}/{tile}/features/{featureIndex:int}", GetLayerFeatureAsync).WithName("GetLayerTileFeature").RequireAuthorization(Roles.Public);
        return app;
    }

    /// <summary>What the twin knows of one entity, whatever its kind.</summary>
    /// <param name="Id">Stable id, e.g. <c>osm:way/123#0</c>.</param>
    /// <param name="Kind"><c>building</c>, or one of <see cref="NetworkEntityKinds"/>.</param>
    /// <param name="Name">Display name, or null.</param>
    /// <param name="Layer">The tile layer that draws it.</param>
    /// <param name="Tile">Its tile id.</param>
    /// <param name="Feature">Its feature index in the tile.</param>
    /// <param name="Attributes">Source attributes.</param>
    /// <param name="Metrics">Latest value per metric id.</param>
    /// <param name="UpdatedAt">Time of the latest reading, or null.</param>
    /// <param name="Licence">Licence of its source data.</param>
    /// <param name="Attribution">The attribution line that goes with it.</param>
    public sealed record EntityDetails(
        string Id, string Kind, string? Name, string Layer, string Tile, int Feature, IReadOnlyDictionary<string, string> Attributes,
        IReadOnlyDictionary<string, double> Metrics, DateTimeOffset? UpdatedAt, string Licence, string Attribution);

    /// <summary>Most ids in one <c>GET /api/entity-places</c>.</summary>
    public const int MaxPlaces = 100;

    /// <summary>Where an entity is drawn: its layer, tile and feature index.</summary>
    public sealed record EntityPlace(string Id, string Layer, string Tile, int Feature);

    /// <summary>
    /// Where each of up to <see cref="MaxPlaces"/> entities is drawn (<c>?id=a&amp;id=b</c>), in one request:
    /// a scenario's analysis names hundreds of entities, and a look-up each would spend the caller's request
    /// budget. Ids the city does not know are left out.
    /// </summary>
    public static async Task<Results<Ok<EntityPlace[]>, ProblemHttpResult>> GetPlacesAsync(
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "id")] string[] ids, IGrainFactory grains, EntityDirectory directory)
    {
        if (ids.Length is 0 or > MaxPlaces)
        {
            return TypedResults.Problem($"Give 1 to {MaxPlaces} ids (?id=a&id=b), not {ids.Length}.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid ids");
        }

        var known = await directory.GetIdsAsync();
        var network = await directory.GetNetworkIdsAsync();
        var places = await Task.WhenAll(ids.Distinct(StringComparer.Ordinal).Where(known.Contains).Select(id => PlaceAsync(id, network.Contains(id), grains)));
        return TypedResults.Ok(places.OfType<EntityPlace>().ToArray());
    }

    // Only where it is drawn: no licence look-up (that is one catalogue read per building in DetailsAsync).
    private static async Task<EntityPlace?> PlaceAsync(string id, bool isNetworkEntity, IGrainFactory grains)
    {
        if (isNetworkEntity)
        {
            return await grains.GetGrain<INetworkEntityGrain>(id).GetSnapshotAsync() is { Info: var i }
                ? new EntityPlace(i.Id, i.Layer, i.TileId, i.FeatureIndex)
                : null;
        }

        return await grains.GetGrain<IBuildingGrain>(id).GetSnapshotAsync() is { Info: var b }
            ? new EntityPlace(b.Id, LayerIds.Buildings, b.TileId, b.FeatureIndex)
            : null;
    }

    /// <summary>An entity by (URL-encoded) id.</summary>
    public static async Task<Results<Ok<EntityDetails>, ProblemHttpResult>> GetEntityAsync(string id, IGrainFactory grains, EntityDirectory directory, ReadingIngestor ingestor)
    {
        var entity = Uri.UnescapeDataString(id);
        // Check the directory first: a public request for a made-up id must not activate a grain.
        if (!(await directory.GetIdsAsync()).Contains(entity))
        {
            return NotFound($"No entity '{Clip(entity)}' in this city.");
        }

        await ingestor.FlushAsync(entity); // every reading acknowledged so far, not only the last interval's
        var details = await DetailsAsync(entity, (await directory.GetNetworkIdsAsync()).Contains(entity), grains);
        return details is null ? NotFound($"No entity '{Clip(entity)}' in this city.") : TypedResults.Ok(details);
    }

    /// <summary>The entity behind a feature of a street or utility tile, as a viewer picks it.</summary>
    public static async Task<Results<Ok<EntityDetails>, ProblemHttpResult>> GetLayerFeatureAsync(
        string layer, string tile, int featureIndex, IGrainFactory grains, EntityDirectory directory, ReadingIngestor ingestor)
    {
        var tileId = $"{layer}/{tile}";
        var city = await grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey).GetCityAsync();
        var info = city?.Tiles.FirstOrDefault(t => t.Id == tileId);
        var id = info is null || featureIndex < 0 || featureIndex >= info.FeatureCount ? null : await grains.GetGrain<ITileGrain>(tileId).GetFeatureIdAsync(featureIndex);
        return id is null
            ? NotFound($"No feature {featureIndex} in tile '{Clip(tileId)}'.")
            : await GetEntityAsync(Uri.EscapeDataString(id), grains, directory, ingestor);
    }

    private static async Task<EntityDetails?> DetailsAsync(string id, bool isNetworkEntity, IGrainFactory grains)
    {
        if (isNetworkEntity)
        {
            var snapshot = await grains.GetGrain<INetworkEntityGrain>(id).GetSnapshotAsync();
            return snapshot is not { Info: var i }
                ? null
                : new EntityDetails(i.Id, i.Kind, i.Name, i.Layer, i.TileId, i.FeatureIndex, i.Attributes, snapshot.Metrics, snapshot.UpdatedAt, i.Licence, i.Attribution);
        }

        var building = await grains.GetGrain<IBuildingGrain>(id).GetSnapshotAsync();
        if (building is not { Info: var b })
        {
            return null;
        }

        var provenance = (await grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey).GetCityAsync())?.Provenance;
        return new EntityDetails(b.Id, "building", b.Name, LayerIds.Buildings, b.TileId, b.FeatureIndex, b.Attributes, building.Metrics, building.UpdatedAt,
            provenance?.Licence ?? "unspecified", provenance?.Attribution ?? string.Empty);
    }

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static string Clip(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
