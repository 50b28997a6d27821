using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using TwinCity.Importers.Osm;
using TwinCity.Importers.Sources;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Models.Scenarios;
using TwinCity.Models.Storage;
using TwinCity.Silo.Hosting;

namespace TwinCity.Benchmarks;

/// <summary>
/// Memory per resident building grain: RSS and managed heap of one in-process silo before and
/// after activating N building grains, each with its description and one reading (so its state and
/// one history ring exist). Descriptions are Monaco's real buildings (id, source tags), repeated to N,
/// each with its own copy of every string, as a state read back from storage has. The reference is
/// the same silo with no building activated. State goes
/// to the folder store as in the embedded twin (memory storage would keep a second copy of every
/// state in the process); the folder is on /dev/shm when there is one, so a million writes are quick.
/// </summary>
internal static class ResidentGrainsBenchmark
{
    public static async Task RunAsync(int buildings)
    {
        var folder = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), "twincity-resident-" + Guid.NewGuid().ToString("N"));
        try
        {
            await RunAsync(buildings, new LocalFolderBlobStore(folder));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task RunAsync(int buildings, LocalFolderBlobStore store)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureHost(host => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["TwinCity:Simulator:Enabled"] = "false" }));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<IBlobStore>(store);
            silo.Services.AddSingleton<IConditionalBlobStore>(store);
            silo.AddTwinCitySilo();
        });
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        var grains = cluster.Client;
        await grains.GetGrain<ITileGrain>("bench").InitializeAsync(["unused"], MetricCatalog.Buildings.Count);
        var monaco = OsmPbfReader.Read(DataFolder.GetPath("osm/monaco-latest.osm.pbf")).Buildings;

        var (rss0, heap0) = Measure();
        var at = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        const int Batch = 2_000;
        for (var start = 0; start < buildings; start += Batch)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(Batch, buildings - start)).Select(async i =>
            {
                var source = monaco[i % monaco.Count];
                var id = $"{source.Id}#{i / monaco.Count}";
                var grain = grains.GetGrain<IBuildingGrain>(id);
                await grain.InitializeAsync(Copy(id, source));
                await grain.ApplyReadingsAsync([new MetricReading(0, i, at)]);
            }));
        }

        var (rss1, heap1) = Measure();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Resident building grains: {buildings:N0} activated in {watch.Elapsed.TotalSeconds:0.0} s, one silo, folder store"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  silo with no building (reference)  RSS {rss0 / 1e6,8:N0} MB  managed {heap0 / 1e6,8:N0} MB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  with {buildings:N0} buildings        RSS {rss1 / 1e6,8:N0} MB  managed {heap1 / 1e6,8:N0} MB"));
        Report("just after their reading", rss0, rss1, heap0, heap1, buildings);

        // Once the history is due and a few state intervals later (writing 2N blobs takes a while), every state and history chunk is written,
        // and the idle buildings have let their flush timers and in-memory history go.
        await Task.Delay(TwinCitySiloOptions.DefaultHistoryFlushInterval + (4 * TwinCitySiloOptions.DefaultStateFlushInterval) + TimeSpan.FromSeconds(20));
        var (rss2, heap2) = Measure();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  idle (everything stored)          RSS {rss2 / 1e6,8:N0} MB  managed {heap2 / 1e6,8:N0} MB"));
        Report("idle (state stored)", rss0, rss2, heap0, heap2, buildings);

        // Floor: what Orleans itself costs per activation of a grain with persistent state and nothing in
        // it (a scenario id never created), activated the same way in the same silo.
        for (var start = 0; start < buildings; start += Batch)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(Batch, buildings - start)).Select(i =>
                grains.GetGrain<IScenarioGrain>($"floor-{i}").GetAsync()));
        }

        var (rss3, heap3) = Measure();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  floor: {buildings:N0} empty stateful grains more: {(double)(rss3 - rss2) / buildings / 1e3:0.0} KB RSS, {(double)(heap3 - heap2) / buildings / 1e3:0.0} KB managed each (Orleans' own cost)"));
    }

    /// <summary>A description with strings of its own (the in-process client hands immutable records over by reference).</summary>
    private static BuildingInfo Copy(string id, SourceBuilding source) =>
        new(id, source.Tags.GetValueOrDefault("name") is { } name ? new string(name) : null, 12, 0, false, source.Footprint.Area,
            new string("bench"), 0, source.Tags.ToDictionary(t => new string(t.Key), t => new string(t.Value)));

    private static void Report(string when, long rss0, long rss1, long heap0, long heap1, int buildings)
    {
        var perGrain = (double)(rss1 - rss0) / buildings;
        var total = buildings >= 1_000_000
            ? $"the whole process holds {rss1 / 1e9:0.00} GB RSS (measured)"
            : $"1,000,000 would need ~{(rss0 + (perGrain * 1_000_000)) / 1e9:0.0} GB RSS (extrapolated)";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  per resident building, {when}: {perGrain / 1e3:0.0} KB RSS, {(double)(heap1 - heap0) / buildings / 1e3:0.0} KB managed; {total}"));
    }

    private static (long Rss, long Heap) Measure()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        return (self.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false));
    }
}
