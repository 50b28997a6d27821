using Microsoft.Extensions.DependencyInjection;
using TwinCity.Models.Grains;
using TwinCity.Silo.Ingestion;
using TwinCity.Silo.Ingestion.Senml;

namespace TwinCity.Silo.Tests.Ingestion;

[Collection(ClusterCollection.Name)]
public sealed class MessageBatcherTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Many_single_reading_messages_at_once_all_land_each_with_its_own_success()
    {
        var buildings = await TestCity.CreateAsync(fixture, 200);
        var sensors = await TestCity.RegisterMetersAsync(fixture, buildings);
        var batcher = fixture.SiloServices.GetRequiredService<MessageBatcher>();
        var now = DateTimeOffset.UtcNow;

        var results = await Task.WhenAll(sensors.Select((s, i) => batcher.IngestAsync([new SenmlRecord(s, "kW", i, now)], "test")));

        Assert.All(results, r => Assert.True(r.Succeeded));
        for (var i = 0; i < buildings.Length; i += 37)
        {
            Assert.Equal(i, (await fixture.Client.GetGrain<IBuildingGrain>(buildings[i]).GetSnapshotAsync())!.Metrics["power_kw"]);
        }
    }

    [Fact]
    public async Task A_bad_message_among_good_ones_refuses_only_itself()
    {
        var buildings = await TestCity.CreateAsync(fixture, 100);
        var sensors = await TestCity.RegisterMetersAsync(fixture, buildings);
        var batcher = fixture.SiloServices.GetRequiredService<MessageBatcher>();
        var ingestor = fixture.SiloServices.GetRequiredService<SensorIngestor>();
        var now = DateTimeOffset.UtcNow;
        var rejectedBefore = ingestor.Rejected;

        // Message 50 is in the wrong unit; message 70 is from a sensor nobody registered.
        var results = await Task.WhenAll(sensors.Select((s, i) => batcher.IngestAsync(
            [new SenmlRecord(i == 70 ? "ghost-sensor" : s, i == 50 ? "W" : "kW", 1000 + i, now)], "test")));

        Assert.Contains("reports in 'W'", Assert.Single(results[50].Problems));
        Assert.Contains("'ghost-sensor' is not registered", Assert.Single(results[70].Problems));
        Assert.All(results.Where((_, i) => i is not 50 and not 70), r => Assert.True(r.Succeeded));
        Assert.Equal(1001, (await fixture.Client.GetGrain<IBuildingGrain>(buildings[1]).GetSnapshotAsync())!.Metrics["power_kw"]);
        Assert.False((await fixture.Client.GetGrain<IBuildingGrain>(buildings[50]).GetSnapshotAsync())!.Metrics.ContainsKey("power_kw"));
        Assert.Equal(2, ingestor.Rejected - rejectedBefore); // the refused gathered pack is not counted, the two bad messages are
    }
}
