using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Ingestion;
using TwinCity.Silo.Ingestion.Senml;

namespace TwinCity.Silo.Simulation;

/// <summary>
/// The built-in sensor simulator: every interval, a share of the buildings report their power use
/// and indoor temperature. Its meters are registered sensors (operator "TwinCity simulator", in the
/// public register like any other) and their SenML records go through <see cref="SensorIngestor"/>,
/// the same path as HTTP and MQTT: no side door. When the city changes, the meters follow it.
/// </summary>
public sealed partial class CitySimulator(
    IGrainFactory grains,
    SensorIngestor ingestor,
    SensorDirectory sensors,
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

        var random = new Random(settings.Seed);
        var start = time.GetUtcNow();
        var version = -1L;
        List<SimulatedBuilding> buildings = [];
        List<SimulatedNetworkElement> network = [];
        List<SimulatedNetworkElement> airSites = [];
        using var timer = new PeriodicTimer(settings.Interval, time);
        do
        {
            try
            {
                var city = await grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey).GetCityAsync();
                if (city is null)
                {
                    continue;
                }

                if (city.Version != version)
                {
                    buildings = await LoadBuildingsAsync();
                    network = await LoadNetworkAsync();
                    airSites = NetworkSimulation.AirSites(network);
                    await grains.GetGrain<ISensorRegistryGrain>(ISensorRegistryGrain.DefaultKey)
                        .ReplaceOperatorAsync(SimulatedSensors.Operator, [.. SimulatedSensors.For(buildings), .. NetworkSimulation.Sensors(network)]);
                    sensors.Invalidate();
                    version = city.Version;
                    LogStarted(buildings.Count, settings.TimeScale);
                }

                var now = time.GetUtcNow();
                var simulated = start + ((now - start) * settings.TimeScale);
                // Buildings first, streets and networks after: a city has several times more segments than buildings,
                // and their first round activates every segment grain, which would hold the buildings' first frame back.
                var buildingRound = Round(buildings, simulated, now, random, settings.ReportingShare);
                var networkRound = NetworkSimulation.Round(network, airSites, simulated, now, random, settings.ReportingShare);
                foreach (var chunk in buildingRound.Chunk(ingestion.Value.MaxBatchSize).Concat(networkRound.Chunk(ingestion.Value.MaxBatchSize)))
                {
                    var result = await ingestor.IngestAsync(chunk, "simulator", stoppingToken);
                    if (!result.Succeeded)
                    {
                        LogRoundRejected(result.Problems[0]);
                    }
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(ex); // a silo lost, storage down: an escaping exception would stop the whole host
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round of readings: pure given its inputs, so it is tested without a silo.</summary>
    public static List<SenmlRecord> Round(
        IReadOnlyList<SimulatedBuilding> buildings, DateTimeOffset simulatedTime, DateTimeOffset now, Random random, double share)
    {
        var readings = new List<SenmlRecord>();
        foreach (var building in buildings)
        {
            if (random.NextDouble() >= share)
            {
                continue;
            }

            var hour = ((simulatedTime.UtcDateTime.TimeOfDay.TotalHours + building.HourShift) % 24 + 24) % 24;
            var noise = 1 + ((random.NextDouble() - 0.5) * 0.16);
            readings.Add(new SenmlRecord(SimulatedSensors.PowerId(building.Id), MetricCatalog.PowerKw.Unit,
                Math.Round(LoadProfile.PowerKw(building.FloorArea, hour, building.Factor * noise), 2), now));
            readings.Add(new SenmlRecord(SimulatedSensors.TemperatureId(building.Id), MetricCatalog.IndoorTemperature.Unit,
                Math.Round(LoadProfile.IndoorTemperature(hour, (random.NextDouble() - 0.5) * 0.6), 2), now));
        }

        return readings;
    }

    private async Task<List<SimulatedBuilding>> LoadBuildingsAsync()
    {
        var city = grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey);
        var ids = await city.GetEntityIdsAsync();
        var snapshots = await Task.WhenAll(ids.Select(id => grains.GetGrain<IBuildingGrain>(id).GetSnapshotAsync()));
        return [.. snapshots.OfType<Models.Entities.BuildingSnapshot>().Select(s => SimulatedBuilding.From(s.Info))];
    }

    private async Task<List<SimulatedNetworkElement>> LoadNetworkAsync()
    {
        // From the layer tiles' catalogues: one call per tile, and no entity grain activated before it has a reading.
        var tiles = (await grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey).GetNetworkEntityTilesAsync()).Values.Distinct();
        var entities = await Task.WhenAll(tiles.Select(t => grains.GetGrain<ILayerTileCatalogGrain>(t).GetEntitiesAsync()));
        return [.. entities.SelectMany(e => e).Select(SimulatedNetworkElement.From).OfType<SimulatedNetworkElement>()];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulator: {BuildingCount} buildings with registered meters, at {TimeScale}x time")]
    private partial void LogStarted(int buildingCount, double timeScale);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator round rejected: {Reason}")]
    private partial void LogRoundRejected(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator round failed; trying again at the next round")]
    private partial void LogRoundFailed(Exception exception);
}
