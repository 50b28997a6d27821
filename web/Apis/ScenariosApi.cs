using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TwinCity.Models.Scenarios;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Apis;

/// <summary>
/// Planners' scenarios: planners create, edit, analyse and publish them; everyone reads published ones and
/// their analyses. Participation (comments, votes) is in <see cref="ScenarioParticipationApi"/>.
/// </summary>
public static class ScenariosApi
{
    /// <summary>What a planner sends to create a scenario.</summary>
    public sealed record NewScenario(string Name, string? Assumptions);

    /// <summary>Options of an analysis: the day of hourly shadows (default today, UTC), or one instant.</summary>
    public sealed record AnalyseRequest(DateOnly? Date, DateTimeOffset? Time);

    /// <summary>Maps the routes (and the participation routes).</summary>
    public static IEndpointRouteBuilder MapScenariosApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/scenarios", ListAsync).WithName("ListScenarios").RequireAuthorization(Roles.Public);
        app.MapPost("/api/scenarios", CreateAsync).WithName("CreateScenario").RequireAuthorization(Roles.Planner);
        app.MapGet("/api/scenarios/{id}", GetAsync).WithName("GetScenario").RequireAuthorization(Roles.Public);
        app.MapPost("/api/scenarios/{id}/interventions", ApplyAsync).WithName("ApplyIntervention").RequireAuthorization(Roles.Planner);
        app.MapPost("/api/scenarios/{id}/undo", UndoAsync).WithName("UndoIntervention").RequireAuthorization(Roles.Planner);
        app.MapPost("/api/scenarios/{id}/publish", PublishAsync).WithName("PublishScenario").RequireAuthorization(Roles.Planner);
        app.MapPost("/api/scenarios/{id}/analyse", AnalyseAsync).WithName("AnalyseScenario").RequireAuthorization(Roles.Planner);
        app.MapGet("/api/scenarios/{id}/analysis", GetAnalysisAsync).WithName("GetScenarioAnalysis").RequireAuthorization(Roles.Public);
        return app.MapScenarioParticipationApi();
    }

    /// <summary>Published scenarios for everyone; drafts too for planners.</summary>
    public static async Task<Ok<IReadOnlyList<ScenarioSummary>>> ListAsync(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IScenarioIndexGrain>(IScenarioIndexGrain.DefaultKey).ListAsync(includeDrafts: user.IsInRole(Roles.Planner)));

    /// <summary>Creates a draft scenario from the baseline; the author is recorded by role only.</summary>
    public static async Task<Results<Created<ScenarioView>, ProblemHttpResult>> CreateAsync(NewScenario body, IGrainFactory grains)
    {
        var id = Guid.NewGuid().ToString("N");
        return await Run(async () =>
        {
            var view = await grains.GetGrain<IScenarioGrain>(id).CreateAsync(body.Name, body.Assumptions ?? "", Roles.Planner);
            return TypedResults.Created($"/api/scenarios/{id}", view);
        });
    }

    /// <summary>A scenario: drafts only for planners, published ones for everyone.</summary>
    public static async Task<Results<Ok<ScenarioView>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (_, view) = await VisibleAsync(id, user, grains);
        return view is null ? NotFound(id) : TypedResults.Ok(view);
    }

    /// <summary>Appends an intervention to a draft.</summary>
    public static Task<Results<Ok<ScenarioView>, ProblemHttpResult>> ApplyAsync(string id, Intervention body, IGrainFactory grains) =>
        OnExisting(id, grains, g => g.ApplyAsync(body));

    /// <summary>Removes a draft's latest intervention.</summary>
    public static Task<Results<Ok<ScenarioView>, ProblemHttpResult>> UndoAsync(string id, IGrainFactory grains) =>
        OnExisting(id, grains, g => g.UndoAsync());

    /// <summary>Publishes a draft; it is read-only from then on.</summary>
    public static Task<Results<Ok<ScenarioView>, ProblemHttpResult>> PublishAsync(string id, IGrainFactory grains) =>
        OnExisting(id, grains, g => g.PublishAsync());

    /// <summary>Runs the analyses on the live city and stores the result with the scenario.</summary>
    public static Task<Results<Ok<ScenarioAnalysis>, ProblemHttpResult>> AnalyseAsync(
        string id, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] AnalyseRequest? body, IGrainFactory grains) =>
        OnExisting(id, grains, g => g.AnalyseAsync(body?.Date, body?.Time));

    /// <summary>The stored analysis: of a published scenario for everyone, of a draft for planners.</summary>
    public static async Task<Results<Ok<ScenarioAnalysis>, ProblemHttpResult>> GetAnalysisAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (grain, view) = await VisibleAsync(id, user, grains);
        if (view is null)
        {
            return NotFound(id);
        }

        var analysis = await grain.GetAnalysisAsync();
        return analysis is null
            ? Problem(StatusCodes.Status404NotFound, $"Scenario '{id}' has no analysis since its last edit: POST /api/scenarios/{id}/analyse.")
            : TypedResults.Ok(analysis);
    }

    /// <summary>The scenario's grain and view when <paramref name="user"/> may see it (a draft only a planner), else a null view.</summary>
    internal static async Task<(IScenarioGrain Grain, ScenarioView? View)> VisibleAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var grain = grains.GetGrain<IScenarioGrain>(IsId(id) ? id : "-");
        var view = IsId(id) ? await grain.GetAsync() : null;
        return (grain, view is null || (view.Published is null && !user.IsInRole(Roles.Planner)) ? null : view);
    }

    private static async Task<Results<Ok<T>, ProblemHttpResult>> OnExisting<T>(string id, IGrainFactory grains, Func<IScenarioGrain, Task<T>> action)
    {
        var grain = grains.GetGrain<IScenarioGrain>(IsId(id) ? id : "-");
        if (!IsId(id) || await grain.GetAsync() is null)
        {
            return NotFound(id);
        }

        return await Run(async () => TypedResults.Ok(await action(grain)));
    }

    /// <summary>Grain refusals as ProblemDetails: bad input 400, unknown 404, wrong state (published, draft, nothing to undo) 409.</summary>
    internal static async Task<Results<T, ProblemHttpResult>> Run<T>(Func<Task<T>> action)
        where T : IResult
    {
        try
        {
            return await action();
        }
        catch (ArgumentException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, ex.Message);
        }
        catch (KeyNotFoundException ex)
        {
            return Problem(StatusCodes.Status404NotFound, ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            return Problem(StatusCodes.Status409Conflict, ex.Message);
        }
    }

    internal static ProblemHttpResult NotFound(string id) => Problem(StatusCodes.Status404NotFound, $"No scenario '{Clip(id)}'.");

    internal static ProblemHttpResult Problem(int status, string detail) => TypedResults.Problem(detail, statusCode: status);

    private static bool IsId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

    private static string Clip(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
