using Microsoft.AspNetCore.Http.HttpResults;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Ingestion;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Apis;

/// <summary>The recent past of an entity's metrics.</summary>
public static class HistoryApi
{
    /// <summary>Most points one request returns.</summary>
    public const int MaxPoints = 5000;

    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder app)
    {
        // Entity ids hold '/', so the id is one URL-encoded path segment: /api/entities/osm%3Away%2F123/history.
        app.MapGet("/api/entities/{id}/history", GetHistoryAsync).WithName("GetEntityHistory").RequireAuthorization(Roles.Public);
        return app;
    }

    /// <summary>What a history request returns.</summary>
    /// <param name="EntityId">The entity.</param>
    /// <param name="Metric">The metric id.</param>
    /// <param name="Unit">Its unit.</param>
    /// <param name="Points">Oldest first.</param>
    public sealed record History(string EntityId, string Metric, string Unit, IReadOnlyList<HistoryPoint> Points);

    /// <summary>Values of <paramref name="metric"/> between <paramref name="from"/> and <paramref name="to"/> (default: the last 24 hours).</summary>
    public static async Task<Results<Ok<History>, ProblemHttpResult>> GetHistoryAsync(
        string id, string? metric, DateTimeOffset? from, DateTimeOffset? to, int? max, IGrainFactory grains, EntityDirectory directory, ReadingIngestor ingestor, TimeProvider time)
    {
        var entity = Uri.UnescapeDataString(id);
        var index = metric is null ? -1 : MetricCatalog.IndexOf(metric);
        if (index < 0)
        {
            return Bad($"metric '{metric}' is not one of {string.Join(", ", MetricCatalog.Buildings.Select(m => m.Id))}.");
        }

        var end = to ?? time.GetUtcNow();
        var start = from ?? end.AddDays(-1);
        if (start > end)
        {
            return Bad($"from ({start:O}) is after to ({end:O}).");
        }

        if (max is < 1 or > MaxPoints)
        {
            return Bad($"max must be between 1 and {MaxPoints}.");
        }

        if (!(await directory.GetIdsAsync()).Contains(entity))
        {
            return TypedResults.Problem($"No entity '{(entity.Length <= 100 ? entity : entity[..100])}' in this city.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        await ingestor.FlushAsync(entity); // every reading acknowledged so far, not only the last interval's
        var points = (await directory.GetNetworkIdsAsync()).Contains(entity)
            ? await grains.GetGrain<INetworkEntityGrain>(entity).GetHistoryAsync(index, start, end, max ?? MaxPoints)
            : await grains.GetGrain<IBuildingGrain>(entity).GetHistoryAsync(index, start, end, max ?? MaxPoints);
        return TypedResults.Ok(new History(entity, metric!, MetricCatalog.Buildings[index].Unit, points));
    }

    private static ProblemHttpResult Bad(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid history request");
}
