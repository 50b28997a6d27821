using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TwinCity.Silo.Ingestion;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Apis;

/// <summary>Readings from sensors over HTTP. A batch is applied whole or not at all.</summary>
public static class ReadingsApi
{
    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapReadingsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/readings", PostReadingsAsync).WithName("PostReadings").RequireAuthorization(Roles.Operator);
        return app;
    }

    /// <summary>The answer to an accepted batch.</summary>
    /// <param name="Count">Readings applied.</param>
    public sealed record Accepted(int Count);

    /// <summary>Applies a batch of readings; 400/413/422 ProblemDetails name every problem and change nothing.</summary>
    public static async Task<Results<Ok<Accepted>, ProblemHttpResult>> PostReadingsAsync(
        HttpRequest request, ReadingIngestor ingestor, IOptions<IngestionOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxBodyBytes;
        using var body = await RequestBody.ReadAsync(request, limit, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem($"The body is larger than {limit} bytes; send smaller batches.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Batch too large");
        }

        var (readings, errors) = ReadingsJson.Parse(body.Memory, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return BatchProblems.Refused(StatusCodes.Status400BadRequest, "Malformed readings", errors);
        }

        var result = await ingestor.IngestAsync(readings, cancellationToken);
        return result.Succeeded
            ? TypedResults.Ok(new Accepted(result.Accepted))
            : BatchProblems.Refused(StatusCodes.Status422UnprocessableEntity, "Readings rejected",
                [.. result.Problems.Select(p => p.Index < 0 ? p.Reason : $"[{p.Index}]: {p.Reason}")]);
    }
}
