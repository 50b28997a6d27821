using Microsoft.AspNetCore.Http.HttpResults;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Ingestion;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Apis;

/// <summary>
/// The whole city at a moment of its past: what the viewer's time slider replays. Each entity's value
/// is the newest it held at or before that moment, read from the entities' own history; every layer
/// (buildings, streets, utility networks) is included.
/// </summary>
public static class CityHistoryApi
{
    /// <summary>Entity grains asked at once while gathering a snapshot.</summary>
    private const int Parallelism = 256;

    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapCityHistoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/history/snapshot", GetSnapshotAsync).WithName("GetCitySnapshot").RequireAuthorization(Roles.Public);
        return app;
    }

    /// <summary>One entity's value at the snapshot's moment.</summary>
    /// <param name="Id">The entity.</param>
    /// <param name="Tile">The tile holding it.</param>
    /// <param name="Feature">Its feature index in that tile.</param>
    /// <param name="Value">The newest value at or before the moment.</param>
    /// <param name="Time">When that value was measured.</param>
    public sealed record EntityValue(string Id, string Tile, int Feature, double Value, DateTimeOffset Time);

    /// <summary>What a snapshot request returns: only the entities that had a value by then.</summary>
    /// <param name="Metric">The metric id.</param>
    /// <param name="Unit">Its unit.</param>
    /// <param name="At">The moment.</param>
    /// <param name="Values">In tile order, then feature order.</param>
    public sealed record CitySnapshot(string Metric, string Unit, DateTimeOffset At, IReadOnlyList<EntityValue> Values);

    /// <summary>Every entity's value of <paramref name="metric"/> at <paramref name="at"/> (default: now).</summary>
    public static async Task<Results<Ok<CitySnapshot>, ProblemHttpResult>> GetSnapshotAsync(
        string? metric, DateTimeOffset? at, IGrainFactory grains, EntityDirectory directory, TimeProvider time, CancellationToken cancellationToken)
    {
        var index = metric is null ? -1 : MetricCatalog.IndexOf(metric);
        if (index < 0)
        {
            return TypedResults.Problem($"metric '{metric}' is not one of {string.Join(", ", MetricCatalog.Buildings.Select(m => m.Id))}.",
                statusCode: StatusCodes.Status400BadRequest, title: "Invalid snapshot request");
        }

        var city = await grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey).GetCityAsync();
        if (city is null)
        {
            return TypedResults.Problem("No city is loaded yet.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "City loading");
        }

        var moment = at ?? time.GetUtcNow();
        var network = await directory.GetNetworkIdsAsync();
        var perTile = new List<EntityValue>[city.Tiles.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, city.Tiles.Count), parallel, async (t, ct) =>
        {
            var tile = city.Tiles[t];
            var ids = await grains.GetGrain<ITileGrain>(tile.Id).GetFeatureIdsAsync();
            var values = new EntityValue?[ids.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count), parallel, async (feature, _) =>
            {
                // Street segments and utility elements have their own grain type; every other entity is a building.
                var id = ids[feature];
                var newest = await (network.Contains(id)
                    ? grains.GetGrain<INetworkEntityGrain>(id).GetHistoryAsync(index, DateTimeOffset.MinValue, moment, 1)
                    : grains.GetGrain<IBuildingGrain>(id).GetHistoryAsync(index, DateTimeOffset.MinValue, moment, 1));
                if (newest.Count == 1)
                {
                    values[feature] = new EntityValue(ids[feature], tile.Id, feature, newest[0].Value, newest[0].Time);
                }
            });
            perTile[t] = [.. values.OfType<EntityValue>()];
        });

        return TypedResults.Ok(new CitySnapshot(metric!, MetricCatalog.Buildings[index].Unit, moment, [.. perTile.SelectMany(v => v)]));
    }
}
