using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Models.Sensors;
using TwinCity.Silo.Ingestion;
using TwinCity.Silo.Ingestion.Senml;

namespace TwinCity.Silo.Tests.Ingestion;

/// <summary>
/// A sensor's route (its entity, metric and rate bucket) is found once per reading and kept between
/// packs; these check that what is kept never outlives the register or the city it was found in.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SensorIngestorTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_pack_parsed_before_its_sensor_moved_to_another_building_lands_in_the_building_it_measures_now()
    {
        var buildings = await TestCity.CreateAsync(fixture, 2);
        var sensor = (await TestCity.RegisterMetersAsync(fixture, buildings[..1]))[0];
        var ingestor = fixture.SiloServices.GetRequiredService<SensorIngestor>();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-1);
        Assert.True((await ingestor.IngestAsync([new SenmlRecord(sensor, "kW", 1, t0)], "test")).Succeeded);

        // Parsed with the register as it is now: the record carries the sensor's route to building 0.
        var (records, problems) = SenmlParser.Parse(Encoding.UTF8.GetBytes($$"""[{"n":"{{sensor}}","v":7}]"""), t0.AddSeconds(1), 10, names: ingestor.FindSensor);
        Assert.Empty(problems);
        Assert.NotNull(records[0].Known);
        await fixture.Client.GetGrain<ISensorRegistryGrain>(ISensorRegistryGrain.DefaultKey).RegisterAsync(
            new SensorInfo(sensor, buildings[1], MetricCatalog.PowerKw.Id, MetricCatalog.PowerKw.Unit, "tests", "tests", 1, false));
        fixture.SiloServices.GetRequiredService<SensorDirectory>().Invalidate();

        Assert.True((await ingestor.IngestAsync(records, "test")).Succeeded);
        var readings = fixture.SiloServices.GetRequiredService<ReadingIngestor>();
        await Task.WhenAll(readings.FlushAsync(buildings[0]), readings.FlushAsync(buildings[1]));
        Assert.Equal(7, (await fixture.Client.GetGrain<IBuildingGrain>(buildings[1]).GetSnapshotAsync())!.Metrics["power_kw"]);
        Assert.Equal(1, (await fixture.Client.GetGrain<IBuildingGrain>(buildings[0]).GetSnapshotAsync())!.Metrics["power_kw"]);
    }

    [Fact]
    public async Task Readings_of_a_sensor_whose_building_left_the_city_are_refused_naming_the_building()
    {
        var buildings = await TestCity.CreateAsync(fixture, 1);
        var sensor = (await TestCity.RegisterMetersAsync(fixture, buildings))[0];
        var ingestor = fixture.SiloServices.GetRequiredService<SensorIngestor>();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-1);
        Assert.True((await ingestor.IngestAsync([new SenmlRecord(sensor, "kW", 1, t0)], "test")).Succeeded);

        await TestCity.CreateAsync(fixture, 1); // another city, without the sensor's building
        var result = await ingestor.IngestAsync([new SenmlRecord(sensor, "kW", 2, t0.AddSeconds(1))], "test");

        Assert.False(result.Succeeded);
        Assert.Equal($"[0]: unknown entity '{buildings[0]}', to which sensor '{sensor}' is attached", Assert.Single(result.Problems));
    }
}
