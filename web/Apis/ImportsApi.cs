using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TwinCity.Importers;
using TwinCity.Importers.Errors;
using TwinCity.Importers.Sources;
using TwinCity.Web.Auth;
using TwinCity.Web.Imports;

namespace TwinCity.Web.Apis;

/// <summary>Planners upload a city (GeoJSON, GeoPackage, Shapefile parts, OSM PBF); it is imported in the background and goes live when done.</summary>
public static partial class ImportsApi
{
    /// <summary>Most files in one upload (a shapefile is .shp, .shx, .dbf, .prj, .cpg).</summary>
    public const int MaxFiles = 8;

    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/imports", PostImportAsync).WithName("PostImport").RequireAuthorization(Roles.Planner).DisableAntiforgery();
        app.MapGet("/api/imports/{id}", GetImport).WithName("GetImport").RequireAuthorization(Roles.Planner);
        return app;
    }

    /// <summary>
    /// Accepts a multipart upload (<c>file</c> parts, optional <c>layer</c>, <c>crs</c>, <c>licence</c>,
    /// <c>attribution</c> fields; <c>at</c>, <c>heading</c>, <c>scale</c> for a glTF landmark) and starts
    /// the import: 202 with the job to poll.
    /// </summary>
    public static async Task<Results<Accepted<ImportJob>, ProblemHttpResult>> PostImportAsync(
        HttpRequest request, ImportJobs jobs, IOptions<TwinCityWebOptions> options, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxUploadBytes;
        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        if (!request.HasFormContentType)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Not a form upload", "Send multipart/form-data with the file(s) in 'file' parts.");
        }

        // Kestrel's default body limit (30 MB) is lower than a city; the form reader enforces ours.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit, ValueLengthLimit = 1024, ValueCountLimit = 16 }, cancellationToken);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or InvalidDataException)
        {
            return ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } || ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                ? TooLarge(limit)
                : Problem(StatusCodes.Status400BadRequest, "Malformed upload", ex.Message);
        }

        if (form.Files.Count is 0 or > MaxFiles)
        {
            return Problem(StatusCodes.Status400BadRequest, "No file", $"Send 1 to {MaxFiles} files; found {form.Files.Count}.");
        }

        foreach (var file in form.Files)
        {
            if (!SafeName().IsMatch(file.FileName))
            {
                return Problem(StatusCodes.Status400BadRequest, "Unsafe file name",
                    $"File name '{file.FileName}' is not allowed: use letters, digits, '.', '-' and '_' only, no folders.");
            }
        }

        var main = form.Files.FirstOrDefault(f => !IsCompanion(f.FileName));
        if (main is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "No importable file", "The upload holds only shapefile companions (.shx, .dbf, .prj, .cpg); add the .shp.");
        }

        try
        {
            SourceFormats.Detect(main.FileName);
        }
        catch (ImportException ex)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unknown format", ex.Message);
        }

        LandmarkPlacement? placement;
        try
        {
            placement = LandmarkPlacement.Parse(Field(form, "at"), Field(form, "heading"), Field(form, "scale"));
        }
        catch (FormatException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad placement", $"{ex.Message}; give at=lon,lat[,height], heading in degrees, scale in metres per unit.");
        }

        var folder = Path.Combine(options.Value.StateDirectory, "uploads", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var file in form.Files)
        {
            await using var target = File.Create(Path.Combine(folder, file.FileName));
            await file.CopyToAsync(target, cancellationToken);
        }

        var settings = new CityImportSettings
        {
            Layer = Field(form, "layer"),
            Crs = Field(form, "crs"),
            Licence = Field(form, "licence"),
            Attribution = Field(form, "attribution"),
            Placement = placement,
        };
        var job = jobs.Start(folder, Path.Combine(folder, main.FileName), settings);
        return TypedResults.Accepted($"/api/imports/{job.Id}", job);
    }

    /// <summary>An import's state and progress.</summary>
    public static Results<Ok<ImportJob>, ProblemHttpResult> GetImport(string id, ImportJobs jobs) =>
        jobs.Find(id) is { } job
            ? TypedResults.Ok(job)
            : Problem(StatusCodes.Status404NotFound, "Not found", $"No import '{id}' (finished imports are remembered for a while, not forever).");

    private static bool IsCompanion(string name) =>
        Path.GetExtension(name).ToLowerInvariant() is ".shx" or ".dbf" or ".prj" or ".cpg";

    private static string? Field(IFormCollection form, string name) =>
        form.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString().Trim() : null;

    private static ProblemHttpResult TooLarge(long limit) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Upload too large", $"The upload is larger than {limit} bytes.");

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")]
    private static partial Regex SafeName();
}
