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
        app.MapPut("/api/operators/{operatorName}/sensors", PutFleetAsync).WithName("PutSensorFleet").RequireAuthorization(Roles.Operator);
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
        var problems = Problems(id, body, await entities.GetIdsAsync(), prefix: string.Empty);
        if (problems.Count > 0)
        {
            return Invalid(problems);
        }

        var sensor = new SensorInfo(id, body.EntityId, body.MetricId, body.Unit, body.Operator.Trim(), body.Purpose.Trim(), body.RetentionDays, body.CountsPeople);
        await grains.GetGrain<ISensorRegistryGrain>(ISensorRegistryGrain.DefaultKey).RegisterAsync(sensor);
        sensors.Invalidate();
        return TypedResults.Ok(sensor);
    }

    /// <summary>Most sensors one fleet replacement may carry.</summary>
    public const int MaxFleetSize = 200_000;

    /// <summary>One sensor of an operator's fleet (the operator is in the route).</summary>
    public sealed record FleetSensor(string Id, string EntityId, string MetricId, string Unit, string Purpose, int RetentionDays, bool CountsPeople);

    /// <summary>What replacing a fleet did.</summary>
    /// <param name="Operator">Whose fleet.</param>
    /// <param name="Sensors">How many sensors the operator now runs.</param>
    public sealed record FleetResult(string Operator, int Sensors);

    /// <summary>
    /// Replaces every sensor of <paramref name="operatorName"/> with <paramref name="fleet"/> in one write,
    /// as a utility syncing its inventory would; all or nothing, 400 listing every problem by index.
    /// </summary>
    public static async Task<Results<Ok<FleetResult>, ProblemHttpResult>> PutFleetAsync(
        string operatorName, FleetSensor[] fleet, IGrainFactory grains, EntityDirectory entities, SensorDirectory sensors)
    {
        if (fleet.Length > MaxFleetSize)
        {
            return Invalid([$"the fleet holds {fleet.Length} sensors; at most {MaxFleetSize} in one request"]);
        }

        var registry = grains.GetGrain<ISensorRegistryGrain>(ISensorRegistryGrain.DefaultKey);
        var others = (await registry.GetAllAsync()).Sensors.Where(s => s.Operator != operatorName).ToDictionary(s => s.Id, s => s.Operator, StringComparer.Ordinal);
        var known = await entities.GetIdsAsync();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        for (var i = 0; i < fleet.Length; i++)
        {
            var sensor = fleet[i];
            problems.AddRange(Problems(sensor.Id, new SensorRegistration(sensor.EntityId, sensor.MetricId, sensor.Unit, operatorName, sensor.Purpose, sensor.RetentionDays, sensor.CountsPeople), known, $"[{i}] "));
            if (!seen.Add(sensor.Id))
            {
                problems.Add($"[{i}] id '{sensor.Id}' appears twice in the fleet");
            }
            else if (others.TryGetValue(sensor.Id, out var owner))
            {
                problems.Add($"[{i}] id '{sensor.Id}' is a sensor of {owner}");
            }
        }

        if (problems.Count > 0)
        {
            return Invalid(problems);
        }

        var infos = fleet.Select(f => new SensorInfo(f.Id, f.EntityId, f.MetricId, f.Unit, operatorName.Trim(), f.Purpose.Trim(), f.RetentionDays, f.CountsPeople)).ToArray();
        await registry.ReplaceOperatorAsync(operatorName.Trim(), infos);
        sensors.Invalidate();
        return TypedResults.Ok(new FleetResult(operatorName.Trim(), infos.Length));
    }

    /// <summary>Every problem of one registration, each prefixed (e.g. with its index in a fleet).</summary>
    private static List<string> Problems(string id, SensorRegistration body, IReadOnlySet<string> knownEntities, string prefix)
    {
        var problems = new List<string>();
        if (!SafeId().IsMatch(id ?? string.Empty))
        {
            problems.Add($"{prefix}id '{id}': use 1-64 letters, digits, '.', '-', '_' or ':' (it is also an MQTT topic level)");
        }

        var metric = MetricCatalog.Buildings.FirstOrDefault(m => m.Id == body.MetricId);
        if (metric is null)
        {
            problems.Add($"{prefix}metricId '{body.MetricId}' is not a metric of the twin ({string.Join(", ", MetricCatalog.Buildings.Select(m => m.Id))})");
        }
        else if (body.Unit != metric.Unit)
        {
            problems.Add($"{prefix}unit '{body.Unit}' is not {metric.Id}'s unit '{metric.Unit}'");
        }

        if (body.EntityId is null || !knownEntities.Contains(body.EntityId))
        {
            problems.Add($"{prefix}entityId '{body.EntityId}' is not an entity of the current city");
        }

        if (string.IsNullOrWhiteSpace(body.Operator) || string.IsNullOrWhiteSpace(body.Purpose) || body.Operator.Length > 200 || body.Purpose.Length > 500)
        {
            problems.Add($"{prefix}operator and purpose are required (public register), at most 200 and 500 characters");
        }

        if (body.RetentionDays is < 1 or > 3650)
        {
            problems.Add($"{prefix}retentionDays {body.RetentionDays} is outside 1..3650");
        }

        return problems;
    }

    private static ProblemHttpResult Invalid(List<string> problems) =>
        TypedResults.Problem($"{problems.Count} problem(s): {problems[0]}", statusCode: StatusCodes.Status400BadRequest, title: "Invalid sensor",
            extensions: new Dictionary<string, object?> { ["errors"] = problems.Take(100).ToArray() });

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
