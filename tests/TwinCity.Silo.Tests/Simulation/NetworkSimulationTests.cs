using Microsoft.Extensions.DependencyInjection;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Ingestion;
using TwinCity.Silo.Simulation;

namespace TwinCity.Silo.Tests.Simulation;

[Collection(ClusterCollection.Name)]
public sealed class NetworkSimulationTests(ClusterFixture fixture)
{
    [Fact]
    public void Traffic_has_a_morning_and_an_evening_peak_above_midday_and_a_quiet_night()
    {
        var hours = Enumerable.Range(0, 96).Select(q => q / 4.0).ToArray();
        var morningPeak = hours.Where(h => h < 12).MaxBy(TrafficProfile.DailyShape);
        var eveningPeak = hours.Where(h => h >= 12).MaxBy(TrafficProfile.DailyShape);

        Assert.InRange(morningPeak, 7, 9.5);
        Assert.InRange(eveningPeak, 16.5, 19);
        Assert.True(TrafficProfile.DailyShape(11) < 0.6 * TrafficProfile.DailyShape(morningPeak));
        Assert.True(TrafficProfile.DailyShape(3) < 0.1 * TrafficProfile.DailyShape(eveningPeak));
    }

    [Fact]
    public void Peak_flow_grows_with_road_class_and_lanes_and_footways_get_no_counter()
    {
        var primary = SimulatedNetworkElement.From(Segment("osm:way/1#0", "primary", lanes: "4"))!;
        var primaryTwoLanes = SimulatedNetworkElement.From(Segment("osm:way/1#1", "primary", lanes: "2"))!;
        var residential = SimulatedNetworkElement.From(Segment("osm:way/2#0", "residential", lanes: "2"))!;

        Assert.Equal(2 * primaryTwoLanes.Scale, primary.Scale);
        Assert.True(primaryTwoLanes.Scale > 3 * residential.Scale);
        Assert.Null(SimulatedNetworkElement.From(Segment("osm:way/3#0", "footway", lanes: null)));
    }

    [Fact]
    public async Task Simulated_network_readings_reach_the_segment_and_node_grains_through_sensor_ingestion()
    {
        var entities = await CityWithNetworkAsync();
        var elements = entities.Select(SimulatedNetworkElement.From).OfType<SimulatedNetworkElement>().ToList();
        var airSites = NetworkSimulation.AirSites(elements);
        var registry = fixture.Client.GetGrain<ISensorRegistryGrain>(ISensorRegistryGrain.DefaultKey);
        await registry.ReplaceOperatorAsync(SimulatedSensors.Operator, NetworkSimulation.Sensors(elements));
        fixture.SiloServices.GetRequiredService<SensorDirectory>().Invalidate();
        var ingestor = fixture.SiloServices.GetRequiredService<SensorIngestor>();
        var now = DateTimeOffset.UtcNow;
        var day = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

        var night = await RoundAsync(ingestor, elements, airSites, day.AddHours(3), now.AddSeconds(-2));
        var rush = await RoundAsync(ingestor, elements, airSites, day.AddHours(8), now.AddSeconds(-1));

        var primary = entities[0].Id;
        Assert.True(rush[primary] > 5 * night[primary], $"08:00 flow {rush[primary]} vs 03:00 {night[primary]}");
        Assert.Empty((await fixture.Client.GetGrain<INetworkEntityGrain>(entities[2].Id).GetSnapshotAsync())!.Metrics);
        var gas = (await fixture.Client.GetGrain<INetworkEntityGrain>(entities[3].Id).GetSnapshotAsync())!;
        Assert.InRange(gas.Metrics["pressure_bar"], 3, 5);
        var air = (await fixture.Client.GetGrain<INetworkEntityGrain>(primary).GetSnapshotAsync())!;
        Assert.True(air.Metrics["no2_ugm3"] > 18);
        Assert.True(air.Metrics["pm25_ugm3"] > 8);
    }

    /// <summary>Runs one round through the sensor path and reads back each segment's traffic flow from its grain.</summary>
    private async Task<Dictionary<string, double>> RoundAsync(
        SensorIngestor ingestor, List<SimulatedNetworkElement> elements, List<SimulatedNetworkElement> airSites, DateTimeOffset simulated, DateTimeOffset now)
    {
        var records = NetworkSimulation.Round(elements, airSites, simulated, now, new Random(7), share: 1);
        var result = await ingestor.IngestAsync(records, "test");
        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        var readings = fixture.SiloServices.GetRequiredService<ReadingIngestor>();
        await Task.WhenAll(elements.Select(e => readings.FlushAsync(e.Id))); // as the API does before it reads an entity
        var flows = new Dictionary<string, double>();
        foreach (var element in elements.Where(e => e.Metric == MetricCatalog.TrafficFlow))
        {
            var snapshot = await fixture.Client.GetGrain<INetworkEntityGrain>(element.Id).GetSnapshotAsync();
            flows[element.Id] = snapshot!.Metrics["traffic_flow"];
            Assert.Equal(records.Single(r => r.Name == NetworkSimulation.SensorId(element)).Value, flows[element.Id]);
        }

        return flows;
    }

    private async Task<NetworkEntityInfo[]> CityWithNetworkAsync()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var tileId = $"streets/t-{run}";
        NetworkEntityInfo[] entities =
        [
            Segment($"osm:way/{run}1#0", "primary", "2") with { TileId = tileId, FeatureIndex = 0 },
            Segment($"osm:way/{run}2#0", "residential", null) with { TileId = tileId, FeatureIndex = 1 },
            Segment($"osm:way/{run}3#0", "footway", null) with { TileId = tileId, FeatureIndex = 2 },
            new($"osm:node/{run}4", NetworkEntityKinds.UtilityNode, null, "networks", tileId, 3, 0, new Dictionary<string, string> { ["network"] = "gas" }, "ODbL-1.0", "test"),
        ];
        // As a city load does it: the tile and its catalogue; the entity grains activate on their first reading.
        await fixture.Client.GetGrain<ITileGrain>(tileId).InitializeAsync([.. entities.Select(e => e.Id)], MetricCatalog.Buildings.Count);
        await fixture.Client.GetGrain<ILayerTileCatalogGrain>(tileId).SetEntitiesAsync(entities);

        var city = new CityInfo("Test", new GeoOrigin(43.73, 7.42, 0), [new TileInfo(tileId, 0, 0, 1, 1, 1, entities.Length, "streets/tiles/t.glb", "streets")],
            MetricCatalog.Buildings, new Provenance("test", "ODbL-1.0", "test", []), Random.Shared.NextInt64());
        await fixture.Client.GetGrain<ICityGrain>(ICityGrain.DefaultKey).SetCityWithNetworksAsync(city, [], entities.ToDictionary(e => e.Id, e => e.TileId));
        fixture.SiloServices.GetRequiredService<EntityDirectory>().Invalidate();
        return entities;
    }

    private static NetworkEntityInfo Segment(string id, string highway, string? lanes)
    {
        var attributes = new Dictionary<string, string> { ["highway"] = highway };
        if (lanes is not null)
        {
            attributes["lanes"] = lanes;
        }

        return new NetworkEntityInfo(id, NetworkEntityKinds.StreetSegment, null, "streets", "streets/t-0-0", 0, 100, attributes, "ODbL-1.0", "test");
    }
}
