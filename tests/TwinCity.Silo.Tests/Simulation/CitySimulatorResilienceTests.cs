using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TwinCity.Silo.Ingestion;
using TwinCity.Silo.Simulation;

namespace TwinCity.Silo.Tests.Simulation;

[Collection(ClusterCollection.Name)]
public sealed class CitySimulatorResilienceTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_round_that_fails_is_followed_by_the_next_round_without_stopping_the_simulator()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T10:00:00Z"));
        var grains = UnreachableGrains.Create();
        var settings = new SimulatorOptions { Enabled = true, Interval = TimeSpan.FromSeconds(1) };
        var simulator = new CitySimulator(grains, fixture.SiloServices.GetRequiredService<SensorIngestor>(), new SensorDirectory(grains, time),
            time, Options.Create(settings), Options.Create(new IngestionOptions()), NullLogger<CitySimulator>.Instance);
        await simulator.StartAsync(CancellationToken.None);

        Assert.True(await UnreachableGrains.TickUntilCalledAsync(grains, time, settings.Interval), "no first round");
        Assert.True(await UnreachableGrains.TickUntilCalledAsync(grains, time, settings.Interval), "no round after a failed one");

        Assert.False(simulator.ExecuteTask!.IsCompleted, "the simulator stopped after a failed round");
        await simulator.StopAsync(CancellationToken.None);
    }
}
