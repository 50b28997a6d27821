namespace TwinCity.Web.Imports;

/// <summary>What a caller polling <c>GET /api/imports/{id}</c> sees of an upload's import.</summary>
/// <param name="Id">The job id.</param>
/// <param name="File">The uploaded file being imported.</param>
/// <param name="State">queued, running, succeeded or failed.</param>
/// <param name="Stage">The importer's current stage (read, prepare, tiles, done).</param>
/// <param name="Done">Units done in the stage.</param>
/// <param name="Total">Units in the stage (0 when unknown).</param>
/// <param name="Message">What happened: a summary on success, the reason (file, feature, why) on failure.</param>
/// <param name="CityVersion">The live city's version once the import is live.</param>
/// <param name="Skipped">Features left out, with reasons (first 100).</param>
/// <param name="Repaired">Features repaired, with what was done (first 100).</param>
public sealed record ImportJob(
    string Id,
    string File,
    string State,
    string Stage,
    int Done,
    int Total,
    string Message,
    long? CityVersion,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<string> Repaired);
