using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinCity.Models.Scenarios;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Apis;

/// <summary>Planners' scenarios: planners create and edit them; everyone reads published ones.</summary>
public static class ScenariosApi
{
    /// <summary>What a planner sends to create a scenario.</summary>
    public sealed record NewScenario(string Name, string? Assumptions);

    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapScenariosApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/scenarios", CreateAsync).WithName("CreateScenario").RequireAuthorization(Roles.Planner);
        app.MapGet("/api/scenarios/{id}", GetAsync).WithName("GetScenario").RequireAuthorization(Roles.Public);
        app.MapPost("/api/scenarios/{id}/interventions", ApplyAsync).WithName("ApplyIntervention").RequireAuthorization(Roles.Planner);
        app.MapPost("/api/scenarios/{id}/undo", UndoAsync).WithName("UndoIntervention").RequireAuthorization(Roles.Planner);
        app.MapPost("/api/scenarios/{id}/publish", PublishAsync).WithName("PublishScenario").RequireAuthorization(Roles.Planner);
        return app;
    }

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
        var view = IsId(id) ? await grains.GetGrain<IScenarioGrain>(id).GetAsync() : null;
        return view is null || (view.Published is null && !user.IsInRole(Roles.Planner))
            ? Problem(StatusCodes.Status404NotFound, $"No scenario '{Clip(id)}'.")
            : TypedResults.Ok(view);
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

    private static async Task<Results<Ok<ScenarioView>, ProblemHttpResult>> OnExisting(string id, IGrainFactory grains, Func<IScenarioGrain, Task<ScenarioView>> action)
    {
        var grain = grains.GetGrain<IScenarioGrain>(IsId(id) ? id : "-");
        if (!IsId(id) || await grain.GetAsync() is null)
        {
            return Problem(StatusCodes.Status404NotFound, $"No scenario '{Clip(id)}'.");
        }

        return await Run(async () => TypedResults.Ok(await action(grain)));
    }

    // Grain refusals become ProblemDetails: bad input 400, wrong state (published, nothing to undo) 409.
    private static async Task<Results<T, ProblemHttpResult>> Run<T>(Func<Task<T>> action)
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
        catch (InvalidOperationException ex)
        {
            return Problem(StatusCodes.Status409Conflict, ex.Message);
        }
    }

    private static bool IsId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

    private static ProblemHttpResult Problem(int status, string detail) => TypedResults.Problem(detail, statusCode: status);

    private static string Clip(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
