using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Models.Sensors;
using TwinCity.Silo.Ingestion;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Apis;

/// <summary>The public sensor register (DESIGN §9): anyone may read it, operators edit it.</summary>
public static partial class SensorsApi
{
    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapSensorsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sensors", GetSensorsAsync).WithName("GetSensors").RequireAuthorization(Roles.Public);
        app.MapPut("/api/sensors/{id}", PutSensorAsync).WithName("PutSensor").RequireAuthorization(Roles.Operator);
        app.MapDelete("/api/sensors/{id}", DeleteSensorAsync).WithName("DeleteSensor").RequireAuthorization(Roles.Operator);
        return app;
    }

    /// <summary>What an operator sends to register a sensor.</summary>
    public sealed record SensorRegistration(string EntityId, string MetricId, string Unit, string Operator, string Purpose, int RetentionDays, bool CountsPeople);

    /// <summary>Default number of sensors in one page of the register.</summary>
    public const int DefaultPageSize = 500;

    /// <summary>Most sensors in one page of the register.</summary>
    public const int MaxPageSize = 5000;

    /// <summary>One page of the register.</summary>
    /// <param name="Total">Sensors matching the filters, over all pages.</param>
    /// <param name="Offset">Index of the first sensor of this page among them.</param>
    /// <param name="Sensors">This page, ordered by id.</param>
    public sealed record SensorPage(int Total, int Offset, IReadOnlyList<SensorInfo> Sensors);

    /// <summary>
    /// The register, a page at a time: what each sensor measures, for what, who runs it, why, and how
    /// long data is kept; optionally only the sensors of one entity and/or one metric.
    /// </summary>
    public static async Task<Results<Ok<SensorPage>, ProblemHttpResult>> GetSensorsAsync(
        IGrainFactory grains, string? entity, string? metric, int? offset, int? limit)
    {
        if (offset is < 0 || limit is < 1 or > MaxPageSize)
        {
            return TypedResults.Problem($"offset must be >= 0 and limit between 1 and {MaxPageSize}.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid page");
        }

        var all = (await grains.GetGrain<ISensorRegistryGrain>(ISensorRegistryGrain.DefaultKey).GetAllAsync()).Sensors;
        var matching = all
            .Where(s => (entity is null || s.EntityId == entity) && (metric is null || s.MetricId == metric))
            .OrderBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
        var start = Math.Min(offset ?? 0, matching.Count);
        var page = matching.GetRange(start, Math.Min(limit ?? DefaultPageSize, matching.Count - start));
        return TypedResults.Ok(new SensorPage(matching.Count, start, page));
    }

    /// <summary>Registers or replaces a sensor; 400 names each field that is wrong.</summary>
    public static async Task<Results<Ok<SensorInfo>, ProblemHttpResult>> PutSensorAsync(
        string id, SensorRegistration body, IGrainFactory grains, EntityDirectory entities, SensorDirectory sensors)
    {
        var problems = new List<string>();
        if (!SafeId().IsMatch(id))
        {
            problems.Add($"id '{id}': use 1-64 letters, digits, '.', '-', '_' or ':' (it is also an MQTT topic level)");
        }

        var metric = MetricCatalog.Buildings.FirstOrDefault(m => m.Id == body.MetricId);
        if (metric is null)
        {
            problems.Add($"metricId '{body.MetricId}' is not a metric of the twin ({string.Join(", ", MetricCatalog.Buildings.Select(m => m.Id))})");
        }
        else if (body.Unit != metric.Unit)
        {
            problems.Add($"unit '{body.Unit}' is not {metric.Id}'s unit '{metric.Unit}'");
        }

        if (!(await entities.GetIdsAsync()).Contains(body.EntityId))
        {
            problems.Add($"entityId '{body.EntityId}' is not an entity of the current city");
        }

        if (string.IsNullOrWhiteSpace(body.Operator) || string.IsNullOrWhiteSpace(body.Purpose) || body.Operator.Length > 200 || body.Purpose.Length > 500)
        {
            problems.Add("operator and purpose are required (public register), at most 200 and 500 characters");
        }

        if (body.RetentionDays is < 1 or > 3650)
        {
            problems.Add($"retentionDays {body.RetentionDays} is outside 1..3650");
        }

        if (problems.Count > 0)
        {
            return TypedResults.Problem($"{problems.Count} problem(s): {problems[0]}", statusCode: StatusCodes.Status400BadRequest, title: "Invalid sensor",
                extensions: new Dictionary<string, object?> { ["errors"] = problems.ToArray() });
        }

        var sensor = new SensorInfo(id, body.EntityId, body.MetricId, body.Unit, body.Operator.Trim(), body.Purpose.Trim(), body.RetentionDays, body.CountsPeople);
        await grains.GetGrain<ISensorRegistryGrain>(ISensorRegistryGrain.DefaultKey).RegisterAsync(sensor);
        sensors.Invalidate();
        return TypedResults.Ok(sensor);
    }

    /// <summary>Removes a sensor from the register.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteSensorAsync(string id, IGrainFactory grains, SensorDirectory sensors)
    {
        var removed = await grains.GetGrain<ISensorRegistryGrain>(ISensorRegistryGrain.DefaultKey).RemoveAsync(id);
        sensors.Invalidate();
        return removed
            ? TypedResults.NoContent()
            : TypedResults.Problem($"No sensor '{id}' in the register.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex SafeId();
}
