using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TwinCity.Silo.Ingestion;
using TwinCity.Silo.Ingestion.Senml;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Apis;

/// <summary>Sensor readings over HTTP as SenML packs (RFC 8428), authenticated with the sensor key.</summary>
public static class IngestApi
{
    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapIngestApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/ingest", PostSenmlAsync).WithName("PostSenml").RequireAuthorization(Roles.Sensor);
        return app;
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
        var body = await RequestBody.ReadAsync(request, limit, cancellationToken);
        if (body is null)
        {
            ingestor.CountRejected("HTTP", "body over the size limit");
            return TypedResults.Problem($"The pack is larger than {limit} bytes; send smaller packs.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Pack too large");
        }

        var (records, problems) = SenmlParser.Parse(body.Value.Span, time.GetUtcNow(), options.Value.MaxBatchSize);
        if (problems.Count > 0)
        {
            ingestor.CountRejected("HTTP", problems[0]);
            return BatchProblems.Refused(StatusCodes.Status400BadRequest, "Malformed SenML", problems);
        }

        var result = await ingestor.IngestAsync(records, "HTTP", cancellationToken);
        if (result.RetryAfter is { } wait)
        {
            request.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return BatchProblems.Refused(StatusCodes.Status429TooManyRequests, "Too many readings", [.. result.Problems]);
        }

        return result.Succeeded
            ? TypedResults.Ok(new IngestAccepted(result.Accepted, result.Suppressed))
            : BatchProblems.Refused(StatusCodes.Status422UnprocessableEntity, "Readings rejected", [.. result.Problems]);
    }
}
