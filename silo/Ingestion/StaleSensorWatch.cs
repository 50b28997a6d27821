using Microsoft.Extensions.Hosting;

namespace TwinCity.Silo.Ingestion;

/// <summary>Once a second, lets <see cref="AlertEvaluator"/> raise alerts for sensors that fell silent.</summary>
public sealed class StaleSensorWatch(AlertEvaluator alerts, TimeProvider time) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await alerts.CheckStaleAsync();
        }
    }
}
