using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// Once a second, lets <see cref="AlertEvaluator"/> raise alerts for sensors that fell silent.
/// A failed check (a silo lost, storage down) is logged and tried again at the next tick: an
/// exception escaping a hosted service would stop the whole host.
/// </summary>
public sealed partial class StaleSensorWatch(AlertEvaluator alerts, TimeProvider time, ILogger<StaleSensorWatch> logger) : BackgroundService
{
    /// <summary>How often silent sensors are looked for.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await alerts.CheckStaleAsync();
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogCheckFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for silent sensors failed; retrying at the next tick")]
    private partial void LogCheckFailed(Exception exception);
}
