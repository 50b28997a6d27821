using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using TwinCity.Importers;
using TwinCity.Importers.Sources;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Models.Sensors;
using TwinCity.Models.Storage;
using TwinCity.Silo.Hosting;
using TwinCity.Silo.Ingestion;
using TwinCity.Silo.Ingestion.Senml;

namespace TwinCity.Benchmarks;

/// <summary>
/// Sustained readings per second into grain state, 100,000 sensors over ~50,000 buildings (Monaco's
/// real buildings, 31 copies), in one in-process silo: our ingestion (SenML records in packs of 10,000
/// through SensorIngestor, batched by grain) against the reference of one raw grain call per reading,
/// measured in the same run on the same grains.
/// </summary>
internal static class IngestBenchmark
{
    private const int Copies = 31;
    private const int Rounds = 3;

    /// <param name="allocations">Also print what the sustained rounds allocated, by type.</param>
    public static async Task RunAsync(bool allocations = false)
    {
        using var profile = allocations ? new AllocationSampler() : null;
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureHost(host => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["TwinCity:Simulator:Enabled"] = "false" }));
        builder.ConfigureSilo((_, silo) => silo.AddTwinCitySilo());
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var services = cluster.Silos[0].ServiceProvider;
        var grains = services.GetRequiredService<IGrainFactory>();
        var ingestor = services.GetRequiredService<SensorIngestor>();
        var readings = services.GetRequiredService<ReadingIngestor>();

        var memory = new MemoryProbe();
        var (buildings, sensors) = await LoadCityAsync(grains, memory);
        services.GetRequiredService<SensorDirectory>().Invalidate();
        services.GetRequiredService<EntityDirectory>().Invalidate();
        await services.GetRequiredService<SensorDirectory>().GetAsync();
        await services.GetRequiredService<EntityDirectory>().GetIdsAsync();
        memory.Mark("sensors");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Ingestion: {sensors.Count} sensors over {buildings.Count} buildings (Monaco x{Copies}), one silo, median of {Rounds} rounds:"));

        var reference = new List<double>();
        var referenceBytes = new List<double>();
        var ours = new List<double>();
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        for (var round = 0; round < Rounds; round++)
        {
            // Each round's readings are newer than the last, so every one changes state.
            var at = start.AddSeconds((round * 2) + 1);
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            reference.Add(await RawCallsAsync(grains, sensors, at));
            referenceBytes.Add((double)(GC.GetTotalAllocatedBytes(precise: true) - allocated) / sensors.Count);
            ours.Add(await OursAsync(ingestor, readings, sensors, at.AddSeconds(1)));
        }

        profile?.Start();
        var sustained = new List<double>();
        var sustainedBytes = new List<double>();
        var sustainedPaused = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            var (rate, bytesPerReading, paused) = await SustainedAsync(ingestor, readings, sensors, start.AddMinutes(1 + round));
            sustained.Add(rate);
            sustainedBytes.Add(bytesPerReading);
            sustainedPaused.Add(paused);
        }

        if (profile is not null)
        {
            Console.WriteLine("  allocated in the sustained rounds, by type (sampled; the packs' records are the benchmark's own):");
            profile.Print(Rounds * SustainedReadings * sensors.Count, "reading");
        }

        var raw = Median(reference);
        var batched = Median(ours);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  raw grain call per reading (reference)  {raw,12:N0} readings/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  SensorIngestor, SenML packs of 10,000   {batched,12:N0} readings/s  ({batched / raw:0.0}x the reference)"));
        var steady = Median(sustained);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  sustained: {SustainedReadings} readings per sensor in flight together {steady,6:N0} readings/s  ({steady / raw:0.0}x the reference)"));
        // Allocation is what the collector pays for later, under load: counted with the packs' creation left out.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  allocated per reading, sustained: {Median(sustainedBytes):N0} B (reference: {Median(referenceBytes):N0} B per raw call); the collector paused the process {Median(sustainedPaused):P0} of the time"));
        memory.Mark("ingested");
        var history = (Rounds * 3) + (Rounds * SustainedReadings);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  managed heap per building grain, resident and initialised: {memory.Between("loaded", "grains") / buildings.Count:N0} B (its description, shared with the import, not counted: {memory.Between("before", "loaded") / buildings.Count:N0} B)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  per registered sensor (register grain, ingest directories): {memory.Between("grains", "sensors") / sensors.Count:N0} B; per active sensor after {history} readings each (history ring, rate bucket): {memory.Between("sensors", "ingested") / sensors.Count:N0} B more"));
        await cluster.StopAllSilosAsync();
    }

    /// <summary>Readings per sensor in the sustained run: every sensor speaks this many times, all packs in flight at once.</summary>
    private const int SustainedReadings = 10;

    /// <summary>
    /// Every sensor reports <see cref="SustainedReadings"/> times, a second apart, in packs of 10,000 sent
    /// all at once, as many HTTP clients or MQTT publishers would: the steady state a busy city
    /// produces, where calls to one grain overlap.
    /// </summary>
    /// <returns>Readings per second, bytes allocated per reading, and the share of the time the collector paused the process.</returns>
    private static async Task<(double Rate, double BytesPerReading, double Paused)> SustainedAsync(
        SensorIngestor ingestor, ReadingIngestor readings, IReadOnlyList<SensorInfo> sensors, DateTimeOffset at)
    {
        var packs = Enumerable.Range(0, SustainedReadings)
            .SelectMany(r => sensors.Select(s => new SenmlRecord(s.Id, s.Unit, 30 + r, at.AddSeconds(r))).Chunk(10_000))
            .ToArray();
        var (allocated, paused) = (GC.GetTotalAllocatedBytes(precise: true), GC.GetTotalPauseDuration());
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(packs.Select(pack => ingestor.IngestAsync(pack, "benchmark")));
        await readings.FlushAllAsync(); // counted until every reading is in its tile and its entity, not only acknowledged
        var seconds = clock.Elapsed.TotalSeconds;
        var (bytes, pausedFor) = (GC.GetTotalAllocatedBytes(precise: true) - allocated, GC.GetTotalPauseDuration() - paused);
        if (results.FirstOrDefault(r => !r.Succeeded) is { } failed)
        {
            throw new InvalidOperationException($"benchmark pack refused: {failed.Problems[0]}");
        }

        var count = packs.Sum(p => p.Length);
        return (count / seconds, (double)bytes / count, pausedFor.TotalSeconds / seconds);
    }

    private static async Task<double> RawCallsAsync(IGrainFactory grains, IReadOnlyList<SensorInfo> sensors, DateTimeOffset at)
    {
        var clock = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(2000);
        var calls = new List<Task>(sensors.Count);
        foreach (var sensor in sensors)
        {
            await gate.WaitAsync();
            var reading = new MetricReading(MetricCatalog.IndexOf(sensor.MetricId), 10, at);
            calls.Add(grains.GetGrain<IBuildingGrain>(sensor.EntityId).ApplyReadingsAsync([reading]).ContinueWith(_ => gate.Release(), TaskScheduler.Default));
        }

        await Task.WhenAll(calls);
        return sensors.Count / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> OursAsync(SensorIngestor ingestor, ReadingIngestor readings, IReadOnlyList<SensorInfo> sensors, DateTimeOffset at)
    {
        var records = sensors.Select(s => new SenmlRecord(s.Id, s.Unit, 20, at)).ToArray();
        var clock = Stopwatch.StartNew();
        var packs = records.Chunk(10_000).Select(pack => ingestor.IngestAsync(pack, "benchmark"));
        var results = await Task.WhenAll(packs);
        await readings.FlushAllAsync(); // counted until every reading is in its tile and its entity, not only acknowledged
        var seconds = clock.Elapsed.TotalSeconds;
        if (results.FirstOrDefault(r => !r.Succeeded) is { } failed)
        {
            throw new InvalidOperationException($"benchmark pack refused: {failed.Problems[0]}");
        }

        return records.Length / seconds;
    }

    /// <summary>Monaco imported once, its buildings and tiles copied under suffixed ids, two sensors each.</summary>
    private static async Task<(List<BuildingInfo> Buildings, List<SensorInfo> Sensors)> LoadCityAsync(IGrainFactory grains, MemoryProbe memory)
    {
        memory.Mark("before");
        var folder = Directory.CreateTempSubdirectory("twincity-bench-");
        ImportedCity monaco;
        try
        {
            monaco = await new CityImporter(new CityImportSettings()).ImportAsync(DataFolder.GetPath("osm/monaco-latest.osm.pbf"), new LocalFolderBlobStore(folder.FullName), "city");
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        var (origin, provenance) = (monaco.Origin, monaco.Provenance);
        var buildings = new List<BuildingInfo>();
        var tiles = new List<TileInfo>();
        for (var copy = 0; copy < Copies; copy++)
        {
            buildings.AddRange(monaco.Buildings.Select(b => b with { Id = $"{b.Id}#{copy}", TileId = $"{b.TileId}#{copy}" }));
            tiles.AddRange(monaco.Tiles.Select(t => t with { Id = $"{t.Id}#{copy}" }));
        }

        monaco = null!;
        memory.Mark("loaded");
        var byTile = buildings.GroupBy(b => b.TileId).ToDictionary(g => g.Key, g => g.OrderBy(b => b.FeatureIndex).Select(b => b.Id).ToArray());
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 64 };
        await Parallel.ForEachAsync(tiles, parallel, async (t, _) => await grains.GetGrain<ITileGrain>(t.Id).InitializeAsync(byTile[t.Id], MetricCatalog.Buildings.Count));
        await Parallel.ForEachAsync(buildings, parallel, async (b, _) => await grains.GetGrain<IBuildingGrain>(b.Id).InitializeAsync(b));
        await grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey).SetCityAsync(
            new CityInfo("Monaco x31", origin, tiles, MetricCatalog.Buildings, provenance, 1), [.. buildings.Select(b => b.Id)]);
        byTile.Clear();
        memory.Mark("grains");

        var sensors = buildings.SelectMany(b => new[]
        {
            new SensorInfo($"p.{b.Id.Replace('/', '-')}", b.Id, MetricCatalog.PowerKw.Id, MetricCatalog.PowerKw.Unit, "benchmark", "benchmark", 1, false),
            new SensorInfo($"t.{b.Id.Replace('/', '-')}", b.Id, MetricCatalog.IndoorTemperature.Id, MetricCatalog.IndoorTemperature.Unit, "benchmark", "benchmark", 1, false),
        }).ToList();
        await grains.GetGrain<ISensorRegistryGrain>(ISensorRegistryGrain.DefaultKey).ReplaceOperatorAsync("benchmark", sensors);
        return (buildings, sensors);
    }

    /// <summary>Managed heap after a full collection, at named points of the run.</summary>
    private sealed class MemoryProbe
    {
        private readonly Dictionary<string, long> _marks = [];

        public void Mark(string name)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            _marks[name] = GC.GetTotalMemory(forceFullCollection: true);
        }

        public double Between(string from, string to) => _marks[to] - _marks[from];
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
