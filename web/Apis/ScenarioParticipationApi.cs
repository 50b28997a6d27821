using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinCity.Models.Grains;
using TwinCity.Models.Scenarios;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Apis;

/// <summary>
/// The public's say on published scenarios: anonymous comments (short text, no personal data) and
/// support/oppose votes, each client held to a few per scenario; planners hide abusive comments; all of it
/// exportable as open data. The only writes the public may make.
/// </summary>
public static class ScenarioParticipationApi
{
    /// <summary>Name of the rate-limiting policy on comments and votes.</summary>
    public const string RatePolicy = "scenario-participation";

    /// <summary>Comments and votes one client may post at once on one scenario.</summary>
    public const int Burst = 5;

    /// <summary>Licence of the public's comments and votes (stated where they are posted).</summary>
    public const string Licence = "CC0-1.0";

    /// <summary>One more comment or vote per client and scenario after this long.</summary>
    public static readonly TimeSpan Refill = TimeSpan.FromMinutes(1);

    /// <summary>What the public sends to comment.</summary>
    public sealed record NewComment(string? Text);

    /// <summary>What the public sends to vote: <c>support</c> or <c>oppose</c>.</summary>
    public sealed record NewVote(string? Vote);

    /// <summary>
    /// Registers the participation rate limit: a token bucket per client address and scenario. The address
    /// is only the limiter's in-memory partition key; it is never stored or logged.
    /// </summary>
    public static IServiceCollection AddScenarioParticipation(this IServiceCollection services) =>
        services.AddRateLimiter(options => options.AddPolicy(RatePolicy, context => RateLimitPartition.GetTokenBucketLimiter(
            $"{context.Connection.RemoteIpAddress}|{context.Request.RouteValues["id"]}",
            _ => new TokenBucketRateLimiterOptions { TokenLimit = Burst, TokensPerPeriod = 1, ReplenishmentPeriod = Refill, QueueLimit = 0, AutoReplenishment = true })));

    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapScenarioParticipationApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/scenarios/{id}/comments", GetCommentsAsync).WithName("GetScenarioComments").RequireAuthorization(Roles.Public);
        app.MapPost("/api/scenarios/{id}/comments", CommentAsync).WithName("CommentScenario").RequireAuthorization(Roles.Public).RequireRateLimiting(RatePolicy);
        app.MapPost("/api/scenarios/{id}/comments/{commentId}/hide", HideAsync).WithName("HideScenarioComment").RequireAuthorization(Roles.Planner);
        app.MapGet("/api/scenarios/{id}/votes", GetVotesAsync).WithName("GetScenarioVotes").RequireAuthorization(Roles.Public);
        app.MapPost("/api/scenarios/{id}/votes", VoteAsync).WithName("VoteScenario").RequireAuthorization(Roles.Public).RequireRateLimiting(RatePolicy);
        app.MapGet("/api/scenarios/{id}/participation.json", ExportJsonAsync).WithName("ExportScenarioParticipation").RequireAuthorization(Roles.Public);
        app.MapGet("/api/scenarios/{id}/comments.csv", ExportCsvAsync).WithName("ExportScenarioComments").RequireAuthorization(Roles.Public);
        return app;
    }

    /// <summary>Visible comments for everyone; hidden ones too for planners.</summary>
    public static async Task<Results<Ok<IReadOnlyList<ScenarioComment>>, ProblemHttpResult>> GetCommentsAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (grain, view) = await ScenariosApi.VisibleAsync(id, user, grains);
        return view is null ? ScenariosApi.NotFound(id) : TypedResults.Ok(await grain.GetCommentsAsync(includeHidden: user.IsInRole(Roles.Planner)));
    }

    /// <summary>Adds an anonymous comment to a published scenario (a draft: 404 for the public, 409 for planners).</summary>
    public static async Task<Results<Created<ScenarioComment>, ProblemHttpResult>> CommentAsync(string id, NewComment body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (grain, view) = await ScenariosApi.VisibleAsync(id, user, grains);
        if (view is null)
        {
            return ScenariosApi.NotFound(id);
        }

        return await ScenariosApi.Run(async () =>
        {
            var comment = await grain.AddCommentAsync(body.Text ?? string.Empty);
            return TypedResults.Created($"/api/scenarios/{id}/comments", comment);
        });
    }

    /// <summary>Hides an abusive comment.</summary>
    public static async Task<Results<Ok<ScenarioComment>, ProblemHttpResult>> HideAsync(string id, string commentId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (grain, view) = await ScenariosApi.VisibleAsync(id, user, grains);
        return view is null ? ScenariosApi.NotFound(id) : await ScenariosApi.Run(async () => TypedResults.Ok(await grain.HideCommentAsync(commentId)));
    }

    /// <summary>The vote totals of a scenario the caller may see.</summary>
    public static async Task<Results<Ok<VoteTotals>, ProblemHttpResult>> GetVotesAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (grain, view) = await ScenariosApi.VisibleAsync(id, user, grains);
        return view is null ? ScenariosApi.NotFound(id) : TypedResults.Ok(await grain.GetVotesAsync());
    }

    /// <summary>Adds an anonymous support or oppose vote; answers the new totals.</summary>
    public static async Task<Results<Ok<VoteTotals>, ProblemHttpResult>> VoteAsync(string id, NewVote body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (grain, view) = await ScenariosApi.VisibleAsync(id, user, grains);
        if (view is null)
        {
            return ScenariosApi.NotFound(id);
        }

        return body.Vote is "support" or "oppose"
            ? await ScenariosApi.Run(async () => TypedResults.Ok(await grain.VoteAsync(body.Vote == "support")))
            : ScenariosApi.Problem(StatusCodes.Status400BadRequest, $"vote: expected \"support\" or \"oppose\", found {(body.Vote is null ? "nothing" : $"\"{body.Vote[..Math.Min(body.Vote.Length, 20)]}\"")}");
    }

    /// <summary>Votes and visible comments of a published scenario as JSON, with licence and provenance.</summary>
    public static async Task<Results<Ok<Dictionary<string, object?>>, ProblemHttpResult>> ExportJsonAsync(string id, IGrainFactory grains)
    {
        var (grain, view) = await ScenariosApi.VisibleAsync(id, new ClaimsPrincipal(), grains);
        if (view is null)
        {
            return ScenariosApi.NotFound(id);
        }

        return TypedResults.Ok(new Dictionary<string, object?>
        {
            ["scenario"] = new { view.Id, view.Name, view.Published },
            ["licence"] = Licence,
            ["provenance"] = await ProvenanceAsync(view, grains),
            ["votes"] = await grain.GetVotesAsync(),
            ["comments"] = await grain.GetCommentsAsync(includeHidden: false),
        });
    }

    /// <summary>Visible comments of a published scenario as CSV (id, posted, text); licence and provenance in the JSON export.</summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ExportCsvAsync(string id, IGrainFactory grains)
    {
        var (grain, view) = await ScenariosApi.VisibleAsync(id, new ClaimsPrincipal(), grains);
        if (view is null)
        {
            return ScenariosApi.NotFound(id);
        }

        var csv = new StringBuilder("id,posted,text\n");
        foreach (var c in await grain.GetCommentsAsync(includeHidden: false))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{c.Id},{c.Posted:yyyy-MM-ddTHH:mmZ},\"{c.Text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n");
        }

        return TypedResults.Text(csv.ToString(), "text/csv; charset=utf-8", Encoding.UTF8);
    }

    private static async Task<string> ProvenanceAsync(ScenarioView view, IGrainFactory grains)
    {
        var city = await grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey).GetCityAsync();
        return $"Anonymous comments and support/oppose votes posted to TwinCity on the scenario \"{view.Name}\" (published {view.Published:yyyy-MM-dd}) " +
            $"of {city?.Name ?? "the city"}; no name, account or address of any writer is stored; comments hidden by planners as abusive are left out. " +
            $"Scenario built on: {city?.Provenance.Source ?? "unknown source"} ({city?.Provenance.Licence}; {city?.Provenance.Attribution}).";
    }
}
