using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Models.Storage;
using TwinCity.Silo.Hosting;

namespace TwinCity.Silo.Tests.Grains;

/// <summary>
/// An idle entity lets its in-memory history go once every point is in the store (a resident grain
/// costs less); its history must still answer in full, and keep growing when readings come back.
/// </summary>
public sealed class IdleEntityTests : IAsyncLifetime
{
    private static readonly TimeSpan Flush = TimeSpan.FromMilliseconds(150);
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "twincity-idle-" + Guid.NewGuid().ToString("N"));
    private InProcessTestCluster? _cluster;

    public async Task InitializeAsync()
    {
        var store = new LocalFolderBlobStore(_folder);
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureHost(host => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["TwinCity:Simulator:Enabled"] = "false" }));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<IBlobStore>(store);
            silo.Services.AddSingleton<IConditionalBlobStore>(store);
            silo.AddTwinCitySilo(o => o.Configure(s => (s.StateFlushInterval, s.HistoryFlushInterval) = (Flush, Flush)));
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Idle_building_still_answers_its_whole_history_and_keeps_recording_after_it()
    {
        var grains = _cluster!.Client;
        await grains.GetGrain<ITileGrain>("idle-tile").InitializeAsync(["osm:way/1"], MetricCatalog.Buildings.Count);
        var building = grains.GetGrain<IBuildingGrain>("osm:way/1");
        await building.InitializeAsync(new BuildingInfo("osm:way/1", null, 12, 0, false, 100, "idle-tile", 0, new Dictionary<string, string> { ["building"] = "yes" }));
        await building.ApplyReadingsAsync([.. Enumerable.Range(0, 3).Select(i => new MetricReading(0, i, T0.AddMinutes(i)))]);

        // Several flush intervals: the first writes the points, a later one finds the building idle.
        await Task.Delay(Flush * 8);
        var idle = await building.GetHistoryAsync(0, T0, T0.AddDays(1), 100);

        await building.ApplyReadingsAsync([new MetricReading(0, 3, T0.AddMinutes(3))]);
        await Task.Delay(Flush * 8);
        var after = await building.GetHistoryAsync(0, T0, T0.AddDays(1), 100);

        Assert.Equal([0, 1, 2], idle.Select(p => p.Value));
        Assert.Equal([0, 1, 2, 3], after.Select(p => p.Value));
        Assert.Equal(3, (await building.GetSnapshotAsync())!.Metrics[MetricCatalog.PowerKw.Id]);
    }
}
