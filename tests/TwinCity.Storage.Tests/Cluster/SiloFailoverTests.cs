using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Serialization;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Grains;
using TwinCity.Silo.Persistence;
using Xunit.Abstractions;

namespace TwinCity.Storage.Tests.Cluster;

/// <summary>
/// Cluster mode with real processes on loopback: redis-server for membership, Azurite for state,
/// two silos started from silo/Program.cs, and an Orleans client (as a web front end is).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloFailoverTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int Buildings = 200;
    private const string Tile = "cluster-test";

    [Fact]
    public async Task Killing_one_of_two_silos_loses_no_durable_reading_and_its_buildings_come_back_on_the_survivor()
    {
        var container = "cluster-" + Guid.NewGuid().ToString("N");
        await using var redis = await RedisServer.StartAsync();
        await using var survivor = await SiloProcess.StartAsync(redis.ConnectionString, azurite.ConnectionString, container);
        await using var victim = await SiloProcess.StartAsync(redis.ConnectionString, azurite.ConnectionString, container);
        using var client = await ConnectAsync(redis.ConnectionString);
        var grains = client.Services.GetRequiredService<IClusterClient>();

        // A city of Buildings buildings on one tile, then one power reading for each, all acknowledged.
        var ids = Enumerable.Range(0, Buildings).Select(i => $"test:building/{i}").ToArray();
        var power = MetricIndex("power_kw");
        await grains.GetGrain<ITileGrain>(Tile).InitializeAsync(ids, MetricCatalog.Buildings.Count);
        await Task.WhenAll(ids.Select((id, i) => grains.GetGrain<IBuildingGrain>(id).InitializeAsync(
            new BuildingInfo(id, null, 10, 0, false, 100, Tile, i, new Dictionary<string, string>()))));
        var at = DateTimeOffset.UtcNow;
        var acknowledged = await Task.WhenAll(ids.Select((id, i) => grains.GetGrain<IBuildingGrain>(id).ApplyReadingsAsync([new MetricReading(power, i + 0.5, at)])));
        Assert.All(acknowledged, a => Assert.True(a.Known));

        // Latest values are written behind, at most StateFlushInterval (200 ms here) after the ack:
        // wait until the store holds every acknowledged value, then kill without any goodbye.
        await WaitUntilStoredAsync(container, ids, power);
        var watch = Stopwatch.StartNew();
        await victim.KillAsync();

        var held = await Task.WhenAll(ids.Select(id => SnapshotWithRetryAsync(grains, id)));
        var recovered = watch.Elapsed;
        output.WriteLine($"all {Buildings} buildings answered again {recovered.TotalSeconds:0.0} s after kill -9 of one silo");

        var lost = ids.Where((id, i) => held[i]?.Metrics.GetValueOrDefault("power_kw") != i + 0.5).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {Buildings} acknowledged readings lost, e.g. {string.Join(", ", lost.Take(5))}");

        // The survivor keeps taking readings for every building.
        var later = await Task.WhenAll(ids.Select((id, i) => grains.GetGrain<IBuildingGrain>(id).ApplyReadingsAsync([new MetricReading(power, i + 1.5, at.AddSeconds(1))])));
        Assert.All(later, a => Assert.True(a.Known));
    }

    [Fact]
    public async Task Web_front_end_in_cluster_mode_serves_readings_across_the_loss_of_a_silo()
    {
        var container = "cluster-" + Guid.NewGuid().ToString("N");
        await using var redis = await RedisServer.StartAsync();
        await using var survivor = await SiloProcess.StartAsync(redis.ConnectionString, azurite.ConnectionString, container);
        await using var victim = await SiloProcess.StartAsync(redis.ConnectionString, azurite.ConnectionString, container);
        await using var web = await WebFrontEndProcess.StartAsync(redis.ConnectionString, azurite.ConnectionString, container);
        using var http = web.OperatorClient();
        var city = await web.WaitForCityAsync(http);
        var tile = city.GetProperty("tiles").EnumerateArray().MaxBy(t => t.GetProperty("featureCount").GetInt32());
        var tileId = tile.GetProperty("id").GetString()!;
        var count = Math.Min(tile.GetProperty("featureCount").GetInt32(), 60);
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            var feature = await http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/tiles/{tileId}/features/{i}");
            ids[i] = feature.GetProperty("info").GetProperty("id").GetString()!;
        }

        var response = await http.PostAsJsonAsync("/api/readings", ids.Select((id, i) => new { entity = id, metric = "power_kw", value = i + 0.5 }).ToArray());
        Assert.True(response.IsSuccessStatusCode, $"POST /api/readings: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await WaitUntilStoredAsync(container, ids, MetricIndex("power_kw"));
        var watch = Stopwatch.StartNew();
        await victim.KillAsync();

        var lost = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var value = await MetricWithRetryAsync(http, web, ids[i]);
            if (value != i + 0.5)
            {
                lost.Add($"{ids[i]}={value}");
            }
        }

        output.WriteLine($"through the web front end: all {count} buildings answered {watch.Elapsed.TotalSeconds:0.0} s after kill -9 of one silo");
        Assert.True(lost.Count == 0, $"{lost.Count} of {count} acknowledged readings lost: {string.Join(", ", lost.Take(5))}");
    }

    private static async Task<double?> MetricWithRetryAsync(HttpClient http, WebFrontEndProcess web, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                var building = await http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/buildings/{id}");
                return building.GetProperty("metrics").TryGetProperty("power_kw", out var v) ? v.GetDouble() : null;
            }
            catch (HttpRequestException ex)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"GET /api/buildings/{id} still failing 90 s after the silo died ({ex.Message}); web front end {(web.HasExited ? "exited" : "running")}, its output:\n{web.Output}", ex);
                }

                await Task.Delay(200);
            }
        }
    }

    private static int MetricIndex(string id)
    {
        for (var i = 0; i < MetricCatalog.Buildings.Count; i++)
        {
            if (MetricCatalog.Buildings[i].Id == id)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"metric {id} not in the catalogue");
    }

    private static async Task<IHost> ConnectAsync(string redis)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client
            .UseRedisClustering(redis)
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = TwinCity.Silo.Hosting.TwinCityClusterOptions.DefaultId;
                o.ServiceId = TwinCity.Silo.Hosting.TwinCityClusterOptions.DefaultId;
            }));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private async Task WaitUntilStoredAsync(string container, string[] ids, int power)
    {
        var store = new AzureBlobStore(new Azure.Storage.Blobs.BlobContainerClient(azurite.ConnectionString, container));
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var storage = new BlobGrainStorage("check", store, serializer, NullLogger<BlobGrainStorage>.Instance);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var missing = ids.Length;
        while (DateTime.UtcNow < deadline)
        {
            missing = 0;
            for (var i = 0; i < ids.Length; i++)
            {
                var state = new GrainState<BuildingState>();
                await storage.ReadStateAsync("building", GrainId.Create("building", ids[i]), state);
                if (state.State?.Metrics.ValueOf(power) != i + 0.5)
                {
                    missing++;
                }
            }

            if (missing == 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Write-behind: expected all {ids.Length} values stored within 30 s, {missing} still missing.");
    }

    // A call to a grain that lived on the dead silo fails until membership declares the silo dead.
    private static async Task<BuildingSnapshot?> SnapshotWithRetryAsync(IClusterClient grains, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                return await grains.GetGrain<IBuildingGrain>(id).GetSnapshotAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
