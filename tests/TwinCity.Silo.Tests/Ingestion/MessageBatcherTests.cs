using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TwinCity.Models.Grains;
using TwinCity.Silo.Hosting;
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

    [Fact]
    public async Task A_handed_over_message_costs_its_sender_no_wait_until_too_many_are_still_being_applied()
    {
        var buildings = await TestCity.CreateAsync(fixture, 1);
        var sensors = await TestCity.RegisterMetersAsync(fixture, buildings);

        // Readings applied only once their building holds them, and the building's calls held: nothing handed over is applied yet.
        var durable = ActivatorUtilities.CreateInstance<ReadingIngestor>(fixture.SiloServices, Options.Create(new TwinCitySiloOptions { DurableReadings = true }));
        var options = Options.Create(new IngestionOptions { MaxUnacknowledgedMessages = 3 });
        var batcher = new MessageBatcher(ActivatorUtilities.CreateInstance<SensorIngestor>(fixture.SiloServices, durable, options), options);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-5);
        ValueTask HandOver(int value) => batcher.HandOverAsync([new SenmlRecord(sensors[0], "kW", value, t0.AddSeconds(value))], "test");

        Task fourth;
        using (HeldTileCalls.Hold(buildings[0]))
        {
            for (var value = 1; value <= 3; value++)
            {
                Assert.True(HandOver(value).IsCompleted, $"message {value} of at most 3 being applied should cost its sender nothing");
            }

            fourth = HandOver(4).AsTask();
            await Task.Delay(300);
            Assert.False(fourth.IsCompleted, "with 3 messages still being applied, the fourth waits until it is applied");
        }

        await fourth.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(4, (await fixture.Client.GetGrain<IBuildingGrain>(buildings[0]).GetSnapshotAsync())!.Metrics["power_kw"]);
    }

    [Fact]
    public async Task A_handed_over_message_that_is_refused_is_counted_and_the_others_land()
    {
        var buildings = await TestCity.CreateAsync(fixture, 20);
        var sensors = await TestCity.RegisterMetersAsync(fixture, buildings);
        var batcher = fixture.SiloServices.GetRequiredService<MessageBatcher>();
        var ingestor = fixture.SiloServices.GetRequiredService<SensorIngestor>();
        var now = DateTimeOffset.UtcNow;
        var (rejectedBefore, acceptedBefore) = (ingestor.Rejected, ingestor.Accepted);

        // Message 5 is in the wrong unit.
        for (var i = 0; i < sensors.Length; i++)
        {
            await batcher.HandOverAsync([new SenmlRecord(sensors[i], i == 5 ? "W" : "kW", 500 + i, now)], "test");
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (ingestor.Accepted - acceptedBefore < sensors.Length - 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(sensors.Length - 1, ingestor.Accepted - acceptedBefore);
        Assert.Equal(1, ingestor.Rejected - rejectedBefore);
        Assert.Equal(519, (await fixture.Client.GetGrain<IBuildingGrain>(buildings[19]).GetSnapshotAsync())!.Metrics["power_kw"]);
        Assert.False((await fixture.Client.GetGrain<IBuildingGrain>(buildings[5]).GetSnapshotAsync())!.Metrics.ContainsKey("power_kw"));
    }
}
