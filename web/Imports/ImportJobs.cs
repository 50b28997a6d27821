using System.Collections.Concurrent;
using TwinCity.Importers;
using TwinCity.Importers.Errors;
using TwinCity.Web.City;

namespace TwinCity.Web.Imports;

/// <summary>
/// Uploaded files being imported in the background, one at a time (the switcher serialises them),
/// with progress the uploader can poll. Each upload lives in its own folder, deleted once imported.
/// </summary>
public sealed partial class ImportJobs(CitySwitcher switcher, IHostApplicationLifetime lifetime, ILogger<ImportJobs> logger)
{
    /// <summary>Jobs remembered for polling; older ones are forgotten.</summary>
    private const int Remembered = 100;

    private readonly ConcurrentDictionary<string, ImportJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>The job, or null when unknown or forgotten.</summary>
    public ImportJob? Find(string id) => _jobs.GetValueOrDefault(id);

    /// <summary>Starts importing <paramref name="path"/> (inside <paramref name="uploadFolder"/>, deleted afterwards).</summary>
    public ImportJob Start(string uploadFolder, string path, CityImportSettings settings)
    {
        var id = Guid.NewGuid().ToString("N");
        var job = new ImportJob(id, Path.GetFileName(path), "queued", "queued", 0, 0, "Waiting for the importer.", null, [], []);
        _jobs[id] = job;
        _order.Enqueue(id);
        while (_order.Count > Remembered && _order.TryDequeue(out var old))
        {
            _jobs.TryRemove(old, out _);
        }

        var progress = new Progress(this, id);
        _ = Task.Run(() => RunAsync(id, uploadFolder, path, settings.With(progress)));
        return job;
    }

    private async Task RunAsync(string id, string uploadFolder, string path, CityImportSettings settings)
    {
        Update(id, j => j with { State = "running", Stage = "read", Message = "Importing." });
        try
        {
            var (city, version) = await switcher.SwitchToAsync(path, settings, lifetime.ApplicationStopping);
            var report = city.Report;
            Update(id, j => j with
            {
                State = "succeeded",
                Stage = "done",
                Message = $"{city.Name} is live: {report.FeaturesRead} features read, {report.Imported} imported, {report.Repaired.Count} repaired, {report.Skipped.Count} skipped.",
                CityVersion = version,
                Skipped = [.. report.Skipped.Take(100)],
                Repaired = [.. report.Repaired.Take(100)],
            });
            LogImported(id, city.Name, report.Imported);
        }
        catch (Exception ex) when (ex is ImportException or IOException or OperationCanceledException)
        {
            Update(id, j => j with { State = "failed", Message = ex is OperationCanceledException ? "The server is stopping; import abandoned." : ex.Message });
            LogImportFailed(id, ex.Message);
        }
        finally
        {
            try
            {
                Directory.Delete(uploadFolder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover upload folder is harmless; the next start does not read it.
            }
        }
    }

    private void Update(string id, Func<ImportJob, ImportJob> change)
    {
        if (_jobs.TryGetValue(id, out var job))
        {
            _jobs[id] = change(job);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Import {JobId}: {City} live with {Buildings} buildings")]
    private partial void LogImported(string jobId, string city, int buildings);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import {JobId} failed, the twin is unchanged: {Reason}")]
    private partial void LogImportFailed(string jobId, string reason);

    private sealed class Progress(ImportJobs jobs, string id) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) =>
            jobs.Update(id, j => j.State == "running" ? j with { Stage = value.Stage, Done = value.Done, Total = value.Total } : j);
    }
}
