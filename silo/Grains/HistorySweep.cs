using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TwinCity.Models.Grains;
using TwinCity.Silo.Ingestion;

namespace TwinCity.Silo.Grains;

/// <summary>
/// Once a day (the first time <see cref="FirstAfter"/> after start), asks every entity of the city to delete
/// its stored history past its retention (<see cref="IWritesBehind.ExpireHistoryAsync"/>). An active entity
/// does that on its own write-behind; this is for the others: an entity whose sensor was removed, or that
/// went quiet, would otherwise keep its expired chunks until a reading woke it. One entity at a time:
/// housekeeping, never a load (a city of 50,000 entities is a few minutes of one grain call after another).
/// </summary>
/// <remarks>In a cluster every silo sweeps; the calls are idempotent, and the second within an hour does nothing.</remarks>
public sealed partial class HistorySweep(IGrainFactory grains, EntityDirectory directory, TimeProvider time, ILogger<HistorySweep> logger) : BackgroundService
{
    /// <summary>Wait before the first sweep: the city is loaded, and a twin restarted every night still sweeps.</summary>
    public static readonly TimeSpan FirstAfter = TimeSpan.FromMinutes(15);

    /// <summary>Time between sweeps.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    /// <summary>Sweeps the given entities of the current city (all of them by default).</summary>
    /// <returns>How many were swept; the others failed, and the first few failures are logged.</returns>
    public async Task<int> SweepAsync(IEnumerable<string>? entityIds = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var network = await directory.GetNetworkIdsAsync();
        var (swept, failed) = (0, 0);
        foreach (var id in entityIds ?? await directory.GetIdsAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await (network.Contains(id)
                    ? grains.GetGrain<INetworkEntityGrain>(id).ExpireHistoryAsync()
                    : grains.GetGrain<IBuildingGrain>(id).ExpireHistoryAsync());
                swept++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (++failed <= 3)
                {
                    LogEntityFailed(id, ex);
                }
            }
        }

        LogSwept(swept, failed, Stopwatch.GetElapsedTime(started).TotalSeconds);
        return swept;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(FirstAfter, time, stoppingToken);
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await SweepAsync(cancellationToken: stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "History sweep: {Swept} entities asked to delete their history past its retention, {Failed} failed, in {Seconds:F1} s")]
    private partial void LogSwept(int swept, int failed, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History sweep: entity {Entity} failed; the next sweep tries again")]
    private partial void LogEntityFailed(string entity, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History sweep failed; the next one is in a day")]
    private partial void LogSweepFailed(Exception exception);
}
