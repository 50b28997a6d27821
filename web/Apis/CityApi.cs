using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Storage;
using TwinCity.Web.Auth;
using TwinCity.Web.City;

namespace TwinCity.Web.Apis;

/// <summary>The city catalogue and its tiles.</summary>
public static class CityApi
{
    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapCityApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/city", GetCityAsync).WithName("GetCity").RequireAuthorization(Roles.Public);
        app.MapGet("/city/{**path}", GetContentAsync).WithName("GetCityContent").RequireAuthorization(Roles.Public);
        return app;
    }

    /// <summary>The catalogue: tiles, metrics, provenance. 503 while the first city loads.</summary>
    public static async Task<Results<Ok<CityInfo>, ProblemHttpResult>> GetCityAsync(IGrainFactory grains, CityStatus status, HttpContext context)
    {
        var city = status.Phase == CityPhase.Ready ? await grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey).GetCityAsync() : null;
        if (city is null)
        {
            context.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem(status.Message, statusCode: StatusCodes.Status503ServiceUnavailable,
                title: status.Phase == CityPhase.Failed ? "No city loaded" : "City loading");
        }

        return TypedResults.Ok(city);
    }

    /// <summary>A file of the live city's tileset (tileset.json, tile GLBs).</summary>
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> GetContentAsync(
        string path, CityStatus status, IBlobStore blobs, CancellationToken cancellationToken)
    {
        if (status.ContentPrefix is not { } prefix)
        {
            return TypedResults.Problem(status.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "City loading");
        }

        try
        {
            BlobName.Validate(path);
        }
        catch (ArgumentException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid content path");
        }

        var stream = await blobs.OpenReadAsync(prefix + "/" + path, cancellationToken);
        if (stream is null)
        {
            return TypedResults.Problem($"No file '{path}' in the live city.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var type = Path.GetExtension(path) switch
        {
            ".glb" => "model/gltf-binary",
            ".json" => "application/json",
            _ => "application/octet-stream",
        };
        // The prefix changes with every import, so the ETag names it; browsers revalidate cheaply.
        return TypedResults.Stream(stream, type, entityTag: new EntityTagHeaderValue($"\"{prefix.Replace('/', '-')}\""));
    }
}
