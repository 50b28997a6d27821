using Microsoft.AspNetCore.Http.HttpResults;

namespace TwinCity.Web.Apis;

/// <summary>The one shape of a refused batch: a ProblemDetails naming every problem, nothing applied.</summary>
internal static class BatchProblems
{
    /// <summary>Most problems listed in one answer.</summary>
    public const int MaxListed = 100;

    public static ProblemHttpResult Refused(int status, string title, IReadOnlyList<string> errors) =>
        TypedResults.Problem(
            $"{errors.Count} problem(s); nothing was applied. First: {errors[0]}",
            statusCode: status,
            title: title,
            extensions: new Dictionary<string, object?> { ["errors"] = errors.Take(MaxListed).ToArray() });
}
