using Microsoft.Extensions.Options;
using TwinCity.Importers;
using TwinCity.Importers.Errors;
using TwinCity.Importers.Sources;

namespace TwinCity.Web.City;

/// <summary>
/// Loads the start-up city once the server listens (so the viewer can say "loading" meanwhile),
/// through <see cref="CitySwitcher"/>: a failed import leaves the twin as it was.
/// </summary>
public sealed partial class CityLoader(
    IOptions<TwinCityWebOptions> options,
    CitySwitcher switcher,
    CityStatus status,
    IHostApplicationLifetime lifetime,
    ILogger<CityLoader> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WhenStartedAsync(lifetime, stoppingToken);
        try
        {
            // Without a file named on the command line, a city already in the twin (restored from its
            // state, or loaded by another front end of the cluster) stays: a restart is not a new city.
            if (string.IsNullOrWhiteSpace(options.Value.City) && await switcher.ResumeAsync(stoppingToken))
            {
                return;
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogResumeFailed(ex);
        }

        var path = ResolveCityFile(options.Value.City);
        if (path is null)
        {
            var message = options.Value.City is { Length: > 0 } given
                ? $"City file '{given}' not found. Pass an existing file: dotnet run --project web -- --city <file.osm.pbf>"
                : $"No city to load: the bundled Monaco extract ({TwinCityWebOptions.DefaultCity}) was not found in a data folder. " +
                  $"Set {DataFolder.EnvironmentVariable} to the data folder, or pass a file: dotnet run --project web -- --city <file.osm.pbf>";
            status.SetFailed(message);
            LogNoCity(message);
            return;
        }

        try
        {
            await switcher.SwitchToAsync(path, new CityImportSettings(), stoppingToken);
        }
        catch (ImportException ex)
        {
            status.SetFailed($"The city could not be imported: {ex.Message}");
            LogImportFailed(ex.Message);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // A silo lost mid-load, storage down: the front end keeps serving (and saying why) rather
            // than stopping the host, which is what an exception escaping a BackgroundService does.
            status.SetFailed($"The city could not be loaded: {ex.GetType().Name}: {ex.Message}");
            LogLoadFailed(ex);
        }
    }

    /// <summary>The file to load: the one given, else the bundled demo in the data folder; null when neither exists.</summary>
    public static string? ResolveCityFile(string? given)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return File.Exists(given) ? Path.GetFullPath(given) : null;
        }

        var data = DataFolder.Locate();
        var demo = data is null ? null : Path.Combine(data, TwinCityWebOptions.DefaultCity);
        return demo is not null && File.Exists(demo) ? demo : null;
    }

    private static Task WhenStartedAsync(IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        cancellationToken.Register(() => started.TrySetCanceled(cancellationToken));
        return started.Task;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Message}")]
    private partial void LogNoCity(string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the stored city failed; importing the start-up city instead")]
    private partial void LogResumeFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading the city failed, the twin is unchanged")]
    private partial void LogLoadFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "City import failed, the twin is unchanged: {Reason}")]
    private partial void LogImportFailed(string reason);
}
