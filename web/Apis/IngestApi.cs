using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.ObjectPool;
using Microsoft.Extensions.Options;
using TwinCity.Silo.Ingestion;
using TwinCity.Silo.Ingestion.Senml;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Apis;

/// <summary>Sensor readings over HTTP as SenML packs (RFC 8428), authenticated with the sensor key.</summary>
public static class IngestApi
{
    /// <summary>
    /// Lists that parsed packs are read into, reused: a pack of 10,000 records is a list on the
    /// large-object heap. A few are kept, about as many as packs applied at once on a small machine.
    /// </summary>
    private static readonly ObjectPool<List<SenmlRecord>> RecordLists =
        new DefaultObjectPool<List<SenmlRecord>>(new ListPolicy(), maximumRetained: Environment.ProcessorCount * 4);

    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/ingest", PostSenmlAsync).WithName("PostSenml").RequireAuthorization(Roles.Sensor);
        app.MapGet("/api/ingest/backlog", GetBacklog).WithName("GetIngestBacklog").RequireAuthorization(Roles.Operator);
        app.MapGet("/api/ingest/refusals", GetRefusals).WithName("GetIngestRefusals").RequireAuthorization(Roles.Operator);
        return app;
    }

    /// <summary>What this front end refused since start: who sent the most refused packs, and which sensors were over their rate.</summary>
    /// <param name="Refused">Packs and messages refused, all sources.</param>
    /// <param name="Sources">The sources with the most refusals (at most 100), each with its last reason.</param>
    /// <param name="SensorsOverRate">The sensors with the most packs refused over their rate (at most 100).</param>
    public sealed record Refusals(long Refused, IReadOnlyList<RefusalLog.SourceRefusals> Sources, IReadOnlyList<SensorIngestor.SensorOverRate> SensorsOverRate);

    /// <summary>
    /// The refusals of this front end: a flood is logged a line a minute per source, and counted here in full,
    /// so an operator can see which sensor or client to call.
    /// </summary>
    public static Ok<Refusals> GetRefusals(SensorIngestor sensors) =>
        TypedResults.Ok(new Refusals(sensors.Rejected, sensors.RefusalsBySource(100), sensors.SensorsOverRate(100)));

    /// <summary>This front end's readings acknowledged and not yet handed to their grains, and what it took in since start.</summary>
    /// <param name="ReadingsQueued">Readings waiting for a call to their entity.</param>
    /// <param name="EntitiesActive">Entities with readings waiting, or called within the last interval.</param>
    /// <param name="EntityIntervalSeconds">Least time between two calls to one entity; 0 when every batch waits for its entities.</param>
    /// <param name="LiveValuesQueued">Readings waiting for a call to their tile, so not on screen yet: normally a few milliseconds' worth.</param>
    /// <param name="ReadingsAccepted">Readings applied since this front end started, over HTTP and MQTT.</param>
    /// <param name="Refused">Packs and messages refused since start (<c>GET /api/ingest/refusals</c> says by whom and why).</param>
    public sealed record Backlog(long ReadingsQueued, int EntitiesActive, double EntityIntervalSeconds, long LiveValuesQueued, long ReadingsAccepted, long Refused);

    /// <summary>The backlog of this front end's ingestion: an operator's view of whether tiles and entities keep up.</summary>
    public static Ok<Backlog> GetBacklog(ReadingIngestor ingestor, SensorIngestor sensors)
    {
        var backlog = ingestor.Backlog;
        return TypedResults.Ok(new Backlog(backlog.ReadingsQueued, backlog.EntitiesActive, backlog.EntityInterval.TotalSeconds, backlog.LiveValuesQueued,
            sensors.Accepted, sensors.Rejected));
    }

    /// <summary>The answer to an applied pack.</summary>
    /// <param name="Accepted">Readings applied.</param>
    /// <param name="Suppressed">People counts under the threshold, dropped before publication.</param>
    public sealed record IngestAccepted(int Accepted, int Suppressed);

    /// <summary>Applies a SenML pack: 200, or 400/413/422/429 ProblemDetails naming every problem, nothing applied.</summary>
    public static async Task<Results<Ok<IngestAccepted>, ProblemHttpResult>> PostSenmlAsync(
        HttpRequest request, SensorIngestor ingestor, IOptions<IngestionOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxBodyBytes;
        using var body = await RequestBody.ReadAsync(request, limit, cancellationToken);
        if (body is null)
        {
            ingestor.CountRejected("HTTP", "body over the size limit");
            return TypedResults.Problem($"The pack is larger than {limit} bytes; send smaller packs.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Pack too large");
        }

        var list = RecordLists.Get();
        try
        {
            var (records, problems) = SenmlParser.Parse(body.Memory.Span, time.GetUtcNow(), options.Value.MaxBatchSize, names: ingestor.FindSensor, into: list);
            if (problems.Count > 0)
            {
                ingestor.CountRejected("HTTP", problems[0]);
                return BatchProblems.Refused(StatusCodes.Status400BadRequest, "Malformed SenML", problems);
            }

            return Answer(request, await ingestor.IngestAsync(records, "HTTP", cancellationToken));
        }
        finally
        {
            RecordLists.Return(list);
        }
    }

    private static Results<Ok<IngestAccepted>, ProblemHttpResult> Answer(HttpRequest request, SensorIngestResult result)
    {
        if (result.RetryAfter is { } wait)
        {
            request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return BatchProblems.Refused(StatusCodes.Status429TooManyRequests, "Too many readings", [.. result.Problems]);
        }

        return result.Succeeded
            ? TypedResults.Ok(new IngestAccepted(result.Accepted, result.Suppressed))
            : BatchProblems.Refused(StatusCodes.Status422UnprocessableEntity, "Readings rejected", [.. result.Problems]);
    }

    private sealed class ListPolicy : PooledObjectPolicy<List<SenmlRecord>>
    {
        public override List<SenmlRecord> Create() => [];

        public override bool Return(List<SenmlRecord> list)
        {
            list.Clear();
            return true;
        }
    }
}
