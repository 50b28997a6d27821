using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Ingestion;

namespace TwinCity.Silo.Simulation;

/// <summary>
/// The built-in sensor simulator: every interval, a share of the buildings report their power use
/// and indoor temperature. It goes through <see cref="ReadingIngestor"/>, the same path as HTTP,
/// so what a newcomer sees is what real sensors would produce.
/// </summary>
public sealed partial class CitySimulator(
    IGrainFactory grains,
    ReadingIngestor ingestor,
    TimeProvider time,
    IOptions<SimulatorOptions> options,
    IOptions<IngestionOptions> ingestion,
    ILogger<CitySimulator> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        var buildings = await WaitForCityAsync(stoppingToken);
        LogStarted(buildings.Count, settings.TimeScale);
        var random = new Random(settings.Seed);
        var start = time.GetUtcNow();
        using var timer = new PeriodicTimer(settings.Interval, time);
        do
        {
            var now = time.GetUtcNow();
            var simulated = start + ((now - start) * settings.TimeScale);
            var batch = Round(buildings, simulated, now, random, settings.ReportingShare);
            foreach (var chunk in batch.Chunk(ingestion.Value.MaxBatchSize))
            {
                var result = await ingestor.IngestAsync(chunk, stoppingToken);
                if (!result.Succeeded)
                {
                    LogRoundRejected(result.Problems[0].Reason);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round of readings: pure given its inputs, so it is tested without a silo.</summary>
    public static List<EntityReading> Round(
        IReadOnlyList<SimulatedBuilding> buildings, DateTimeOffset simulatedTime, DateTimeOffset now, Random random, double share)
    {
        var readings = new List<EntityReading>();
        foreach (var building in buildings)
        {
            if (random.NextDouble() >= share)
            {
                continue;
            }

            var hour = ((simulatedTime.UtcDateTime.TimeOfDay.TotalHours + building.HourShift) % 24 + 24) % 24;
            var noise = 1 + ((random.NextDouble() - 0.5) * 0.16);
            readings.Add(new EntityReading(building.Id, MetricCatalog.PowerKw.Id,
                Math.Round(LoadProfile.PowerKw(building.FloorArea, hour, building.Factor * noise), 2), now));
            readings.Add(new EntityReading(building.Id, MetricCatalog.IndoorTemperature.Id,
                Math.Round(LoadProfile.IndoorTemperature(hour, (random.NextDouble() - 0.5) * 0.6), 2), now));
        }

        return readings;
    }

    private async Task<List<SimulatedBuilding>> WaitForCityAsync(CancellationToken cancellationToken)
    {
        var city = grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey);
        while ((await city.GetCityAsync()) is null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken);
        }

        var ids = await city.GetEntityIdsAsync();
        var snapshots = await Task.WhenAll(ids.Select(id => grains.GetGrain<IBuildingGrain>(id).GetSnapshotAsync()));
        return [.. snapshots.OfType<Models.Entities.BuildingSnapshot>().Select(s => SimulatedBuilding.From(s.Info))];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator started for {BuildingCount} buildings at {TimeScale}x time")]
    private partial void LogStarted(int buildingCount, double timeScale);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator round rejected: {Reason}")]
    private partial void LogRoundRejected(string reason);
}
