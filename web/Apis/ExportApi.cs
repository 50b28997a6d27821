using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Ingestion;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Apis;

/// <summary>
/// The twin's state as open data (DESIGN §10): a CSV of every entity (buildings, street segments,
/// utility elements) with its attributes and latest
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
            Field("id", "string", "Stable entity id from the source, e.g. osm:way/123 (a building), osm:way/123#2 (a street segment)"),
            Field("kind", "string", "building, street-segment, utility-node, utility-edge or substation"),
            Field("layer", "string", "Layer of the 3D Tiles set: buildings, streets or networks"),
            Field("name", "string", "Name in the source, if any"),
            Field("tile", "string", "Tile holding the entity"),
            Field("feature", "integer", "Feature index of the entity in its tile (_FEATURE_ID_0)"),
            Field("height_m", "number", "Buildings: height above ground, metres"),
            Field("min_height_m", "number", "Buildings: height of the underside above ground, metres (0 unless raised)"),
            Field("height_estimated", "boolean", "Buildings: true when the height is a default, not measured or tagged"),
            Field("footprint_area_m2", "number", "Buildings: footprint area, square metres"),
            Field("length_m", "number", "Streets and networks: length, metres"),
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

    /// <summary>Every entity of every layer, one row each, in tile then feature order (RFC 4180 CSV with a header).</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetEntitiesCsvAsync(
        IGrainFactory grains, EntityDirectory directory, CancellationToken cancellationToken)
    {
        var city = await grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey).GetCityAsync();
        if (city is null)
        {
            return NoCity();
        }

        var network = await directory.GetNetworkIdsAsync();
        var rows = new string?[city.Tiles.Count][];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, city.Tiles.Count), parallel, async (t, ct) =>
        {
            var ids = await grains.GetGrain<ITileGrain>(city.Tiles[t].Id).GetFeatureIdsAsync();
            var tileRows = new string?[ids.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count), parallel, async (feature, _) =>
                tileRows[feature] = network.Contains(ids[feature])
                    ? Row(await grains.GetGrain<INetworkEntityGrain>(ids[feature]).GetSnapshotAsync(), city.Metrics)
                    : Row(await grains.GetGrain<IBuildingGrain>(ids[feature]).GetSnapshotAsync(), city.Metrics));
            rows[t] = tileRows;
        });

        var csv = new StringBuilder();
        csv.AppendJoin(',', new[] { "id", "kind", "layer", "name", "tile", "feature", "height_m", "min_height_m", "height_estimated", "footprint_area_m2", "length_m" }
            .Concat(city.Metrics.Select(ColumnOf)).Append("updated_at")).Append("\r\n");
        foreach (var row in rows.SelectMany(r => r).OfType<string>())
        {
            csv.Append(row).Append("\r\n");
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", CsvName);
    }

    private static string? Row(BuildingSnapshot? snapshot, IReadOnlyList<MetricDefinition> metrics)
    {
        if (snapshot is null)
        {
            return null;
        }

        var info = snapshot.Info;
        var row = new StringBuilder();
        row.Append(Quote(info.Id)).Append(",building,").Append(LayerIds.Buildings).Append(',').Append(Quote(info.Name ?? string.Empty)).Append(',')
            .Append(Quote(info.TileId)).Append(',').Append(info.FeatureIndex.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(Number(info.Height)).Append(',').Append(Number(info.MinHeight)).Append(',')
            .Append(info.HeightEstimated ? "true" : "false").Append(',').Append(Number(info.FootprintArea)).Append(',');
        return Values(row, snapshot.Metrics, snapshot.UpdatedAt, metrics);
    }

    private static string? Row(NetworkEntitySnapshot? snapshot, IReadOnlyList<MetricDefinition> metrics)
    {
        if (snapshot is null)
        {
            return null;
        }

        var info = snapshot.Info;
        var row = new StringBuilder();
        row.Append(Quote(info.Id)).Append(',').Append(info.Kind).Append(',').Append(Quote(info.Layer)).Append(',').Append(Quote(info.Name ?? string.Empty)).Append(',')
            .Append(Quote(info.TileId)).Append(',').Append(info.FeatureIndex.ToString(CultureInfo.InvariantCulture)).Append(",,,,,")
            .Append(Number(info.LengthMetres));
        return Values(row, snapshot.Metrics, snapshot.UpdatedAt, metrics);
    }

    /// <summary>The metric columns (empty when never measured) and the time of the latest value.</summary>
    private static string Values(StringBuilder row, IReadOnlyDictionary<string, double> values, DateTimeOffset? updated, IReadOnlyList<MetricDefinition> metrics)
    {
        foreach (var metric in metrics)
        {
            row.Append(',');
            if (values.TryGetValue(metric.Id, out var value))
            {
                row.Append(Number(value));
            }
        }

        return row.Append(',').Append(updated?.ToString("O", CultureInfo.InvariantCulture)).ToString();
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
