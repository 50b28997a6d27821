using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinCity.Models.Alerts;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Ingestion;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Apis;

/// <summary>Alert rules and alerts, for operators.</summary>
public static partial class AlertsApi
{
    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/alerts", GetAlertsAsync).WithName("GetAlerts").RequireAuthorization(Roles.Operator);
        app.MapPost("/api/alerts/{id}/acknowledge", AcknowledgeAsync).WithName("AcknowledgeAlert").RequireAuthorization(Roles.Operator);
        app.MapGet("/api/alert-rules", GetRulesAsync).WithName("GetAlertRules").RequireAuthorization(Roles.Operator);
        app.MapPut("/api/alert-rules/{id}", PutRuleAsync).WithName("PutAlertRule").RequireAuthorization(Roles.Operator);
        app.MapDelete("/api/alert-rules/{id}", DeleteRuleAsync).WithName("DeleteAlertRule").RequireAuthorization(Roles.Operator);
        return app;
    }

    /// <summary>A rule as an operator sends it.</summary>
    public sealed record RuleBody(string MetricId, string Condition, double Threshold, int StaleSeconds);

    /// <summary>Open alerts, and with <c>cleared=true</c> the recently cleared ones.</summary>
    public static async Task<Ok<IReadOnlyList<Alert>>> GetAlertsAsync(bool? cleared, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IAlertsGrain>(IAlertsGrain.DefaultKey).GetAlertsAsync(cleared == true));

    /// <summary>Acknowledges an open alert.</summary>
    public static async Task<Results<Ok<Alert>, ProblemHttpResult>> AcknowledgeAsync(string id, IGrainFactory grains, AlertEvaluator alerts)
    {
        var alert = await grains.GetGrain<IAlertsGrain>(IAlertsGrain.DefaultKey).AcknowledgeAsync(id);
        if (alert is null)
        {
            return TypedResults.Problem($"No open alert '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        alerts.Publish([alert]);
        return TypedResults.Ok(alert);
    }

    /// <summary>The rules.</summary>
    public static async Task<Ok<IReadOnlyList<AlertRule>>> GetRulesAsync(IGrainFactory grains) =>
        TypedResults.Ok((await grains.GetGrain<IAlertsGrain>(IAlertsGrain.DefaultKey).GetRulesAsync()).Rules);

    /// <summary>Adds or replaces a rule; 400 names what is wrong.</summary>
    public static async Task<Results<Ok<AlertRule>, ProblemHttpResult>> PutRuleAsync(string id, RuleBody body, IGrainFactory grains, AlertEvaluator alerts)
    {
        var problems = new List<string>();
        if (!SafeId().IsMatch(id))
        {
            problems.Add($"id '{id}': use 1-64 letters, digits, '.', '-' or '_'");
        }

        if (MetricCatalog.IndexOf(body.MetricId) < 0)
        {
            problems.Add($"metricId '{body.MetricId}' is not one of {string.Join(", ", MetricCatalog.Buildings.Select(m => m.Id))}");
        }

        if (!AlertConditions.All.Contains(body.Condition))
        {
            problems.Add($"condition '{body.Condition}' is not one of {string.Join(", ", AlertConditions.All)}");
        }

        if (!double.IsFinite(body.Threshold))
        {
            problems.Add("threshold must be a finite number");
        }
        else if (AlertConditions.IsRate(body.Condition) && body.Threshold <= 0)
        {
            problems.Add($"threshold {body.Threshold} for '{body.Condition}' is a change per minute and must be above 0");
        }

        if (body.Condition == AlertConditions.Stale && body.StaleSeconds is < 1 or > 86_400)
        {
            problems.Add($"staleSeconds {body.StaleSeconds} is outside 1..86400");
        }

        if (problems.Count > 0)
        {
            return TypedResults.Problem($"{problems.Count} problem(s): {problems[0]}", statusCode: StatusCodes.Status400BadRequest, title: "Invalid alert rule",
                extensions: new Dictionary<string, object?> { ["errors"] = problems.ToArray() });
        }

        var rule = new AlertRule(id, body.MetricId, body.Condition, body.Threshold, body.StaleSeconds);
        await grains.GetGrain<IAlertsGrain>(IAlertsGrain.DefaultKey).SetRuleAsync(rule);
        alerts.Invalidate();
        return TypedResults.Ok(rule);
    }

    /// <summary>Removes a rule; its open alerts are cleared.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteRuleAsync(string id, IGrainFactory grains, AlertEvaluator alerts)
    {
        var removed = await grains.GetGrain<IAlertsGrain>(IAlertsGrain.DefaultKey).RemoveRuleAsync(id);
        alerts.Invalidate();
        return removed ? TypedResults.NoContent() : TypedResults.Problem($"No rule '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex SafeId();
}
