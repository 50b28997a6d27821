using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Apis;

/// <summary>
/// The twin's state as open data (DESIGN §10): a CSV of every entity with its attributes and latest
/// values, described by a Frictionless Data Package that carries the licence and provenance. The
/// data derive from the imported source, so they keep its licence (ODbL for OpenStreetMap is
/// share-alike: a derivative database stays under it).
/// </summary>
public static class ExportApi
{
    private const string CsvName = "entities.csv";

    /// <summary>Entity grains asked at once while exporting.</summary>
    private const int Parallelism = 256;

    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/export/datapackage.json", GetPackageAsync).WithName("GetExportPackage").RequireAuthorization(Roles.Public);
        app.MapGet($"/api/export/{CsvName}", GetEntitiesCsvAsync).WithName("GetExportEntities").RequireAuthorization(Roles.Public);
        return app;
    }

    /// <summary>The data package descriptor: what the export holds, under which licence, from which source.</summary>
    public static async Task<Results<Ok<Dictionary<string, object>>, ProblemHttpResult>> GetPackageAsync(IGrainFactory grains)
    {
        var city = await grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey).GetCityAsync();
        if (city is null)
        {
            return NoCity();
        }

        var fields = new List<object>
        {
            Field("id", "string", "Stable entity id from the source, e.g. osm:way/123"),
            Field("name", "string", "Name in the source, if any"),
            Field("height_m", "number", "Height above ground, metres"),
            Field("min_height_m", "number", "Height of the underside above ground, metres (0 unless raised)"),
            Field("height_estimated", "boolean", "True when the height is a default, not measured or tagged"),
            Field("footprint_area_m2", "number", "Footprint area, square metres"),
            Field("tile", "string", "Tile of the 3D Tiles set holding the entity"),
            Field("feature", "integer", "Feature index of the entity in its tile (_FEATURE_ID_0)"),
        };
        fields.AddRange(city.Metrics.Select(m => Field(ColumnOf(m), "number", $"Latest {m.Label} ({m.Unit}); empty when never measured")));
        fields.Add(Field("updated_at", "datetime", "When the latest value arrived (UTC)"));

        var package = new Dictionary<string, object>
        {
            ["name"] = "twincity-" + Slug(city.Name),
            ["title"] = $"TwinCity: {city.Name}, state of the twin",
            ["created"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["licenses"] = new[] { new Dictionary<string, string> { ["name"] = city.Provenance.Licence, ["title"] = city.Provenance.Attribution } },
            ["sources"] = new[] { new Dictionary<string, string> { ["title"] = city.Provenance.Source } },
            ["description"] = "Processing: " + string.Join("; ", city.Provenance.Steps) +
                ". Sensor values are aggregates; counts of people below the suppression threshold are never published. Who runs each sensor and why: /api/sensors.",
            ["resources"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["name"] = "entities",
                    ["path"] = CsvName,
                    ["format"] = "csv",
                    ["mediatype"] = "text/csv",
                    ["encoding"] = "utf-8",
                    ["schema"] = new Dictionary<string, object> { ["fields"] = fields, ["primaryKey"] = "id" },
                },
            },
        };
        return TypedResults.Ok(package);
    }

    /// <summary>Every entity, one row each, in tile then feature order (RFC 4180 CSV with a header).</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetEntitiesCsvAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        var city = await grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey).GetCityAsync();
        if (city is null)
        {
            return NoCity();
        }

        var ids = await grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey).GetEntityIdsAsync();
        var snapshots = new BuildingSnapshot?[ids.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count), parallel, async (i, _) =>
            snapshots[i] = await grains.GetGrain<IBuildingGrain>(ids[i]).GetSnapshotAsync());

        var csv = new StringBuilder();
        csv.AppendJoin(',', new[] { "id", "name", "height_m", "min_height_m", "height_estimated", "footprint_area_m2", "tile", "feature" }
            .Concat(city.Metrics.Select(ColumnOf)).Append("updated_at")).Append("\r\n");
        foreach (var snapshot in snapshots.OfType<BuildingSnapshot>().OrderBy(s => s.Info.TileId, StringComparer.Ordinal).ThenBy(s => s.Info.FeatureIndex))
        {
            var info = snapshot.Info;
            csv.Append(Quote(info.Id)).Append(',').Append(Quote(info.Name ?? string.Empty)).Append(',')
                .Append(Number(info.Height)).Append(',').Append(Number(info.MinHeight)).Append(',')
                .Append(info.HeightEstimated ? "true" : "false").Append(',').Append(Number(info.FootprintArea)).Append(',')
                .Append(Quote(info.TileId)).Append(',').Append(info.FeatureIndex.ToString(CultureInfo.InvariantCulture));
            foreach (var metric in city.Metrics)
            {
                csv.Append(',');
                if (snapshot.Metrics.TryGetValue(metric.Id, out var value))
                {
                    csv.Append(Number(value));
                }
            }

            csv.Append(',').Append(snapshot.UpdatedAt?.ToString("O", CultureInfo.InvariantCulture)).Append("\r\n");
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", CsvName);
    }

    private static string ColumnOf(MetricDefinition metric) => metric.Id;

    private static Dictionary<string, string> Field(string name, string type, string description) =>
        new() { ["name"] = name, ["type"] = type, ["description"] = description };

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A CSV field, quoted when it holds a separator, a quote or a line break; a leading formula character is defused.</summary>
    private static string Quote(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value; // spreadsheets would run it as a formula (CSV injection)
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static string Slug(string name) =>
        new(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());

    private static ProblemHttpResult NoCity() =>
        TypedResults.Problem("No city is loaded yet.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "City loading");
}
