using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
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
    public async Task Killing_one_of_two_silos_while_readings_flow_loses_no_acknowledged_reading_and_its_buildings_come_back_on_the_survivor()
    {
        var container = "cluster-" + Guid.NewGuid().ToString("N");
        await using var redis = await RedisServer.StartAsync();
        await using var survivor = await SiloProcess.StartAsync(redis.ConnectionString, azurite.ConnectionString, container);
        await using var victim = await SiloProcess.StartAsync(redis.ConnectionString, azurite.ConnectionString, container);
        using var client = await ConnectAsync(redis.ConnectionString);
        var grains = client.Services.GetRequiredService<IClusterClient>();

        // A city of Buildings buildings on one tile (spread over both silos by Orleans' placement).
        var ids = Enumerable.Range(0, Buildings).Select(i => $"test:building/{i}").ToArray();
        var power = MetricIndex("power_kw");
        await grains.GetGrain<ITileGrain>(Tile).InitializeAsync(ids, MetricCatalog.Buildings.Count);
        await Task.WhenAll(ids.Select((id, i) => grains.GetGrain<IBuildingGrain>(id).InitializeAsync(
            new BuildingInfo(id, null, 10, 0, false, 100, Tile, i, new Dictionary<string, string>()))));

        // Every building receives readings 1, 2, 3, ... one call at a time until told to stop; the
        // highest acknowledged value of each is recorded, and so is when each was first acknowledged
        // again after the kill. Silos of a cluster acknowledge only stored readings (DurableReadings).
        var at = DateTimeOffset.UtcNow;
        var acknowledged = new long[Buildings];
        var backAfterKill = new TimeSpan?[Buildings];
        var killed = new Stopwatch();
        using var stop = new CancellationTokenSource();
        var writers = ids.Select((id, i) => Task.Run(async () =>
        {
            var building = grains.GetGrain<IBuildingGrain>(id);
            for (var n = 1L; !stop.IsCancellationRequested; n++)
            {
                try
                {
                    var applied = await building.ApplyReadingsAsync([new MetricReading(power, n, at.AddMilliseconds(n))]).WaitAsync(TimeSpan.FromSeconds(5));
                    Assert.True(applied.Known);
                    Volatile.Write(ref acknowledged[i], n);
                    if (killed.IsRunning && backAfterKill[i] is null)
                    {
                        backAfterKill[i] = killed.Elapsed;
                    }
                }
                catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
                {
                    // Not acknowledged (the silo died under the call, or membership has not caught up yet): try again.
                    await Task.Delay(100);
                }
            }
        })).ToArray();

        // Flowing: every building has had readings acknowledged (a loaded machine takes longer to get there).
        var flowing = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (acknowledged.Any(n => n < 3) && DateTime.UtcNow < flowing)
        {
            await Task.Delay(100);
        }

        Assert.True(acknowledged.All(n => n >= 3), $"readings were not flowing before the kill: {acknowledged.Count(n => n < 3)} of {Buildings} buildings had fewer than 3 acknowledged within 60 s");
        var beforeKill = acknowledged.Sum();
        killed.Start();
        await victim.KillAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (backAfterKill.Any(t => t is null) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        await stop.CancelAsync();
        await Task.WhenAll(writers);
        var held = await Task.WhenAll(ids.Select(id => SnapshotWithRetryAsync(grains, id)));

        Assert.True(backAfterKill.All(t => t is not null), $"{backAfterKill.Count(t => t is null)} of {Buildings} buildings took no reading within 90 s of the kill");
        output.WriteLine($"{acknowledged.Sum():N0} readings acknowledged, {beforeKill:N0} before kill -9 of one silo; every building took readings again within {backAfterKill.Max()!.Value.TotalSeconds:0.0} s (median {backAfterKill.Order().ElementAt(Buildings / 2)!.Value.TotalSeconds:0.0} s)");
        var lost = ids.Where((id, i) => !(held[i]?.Metrics.GetValueOrDefault("power_kw") >= acknowledged[i])).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {Buildings} buildings hold less than their last acknowledged reading, e.g. {string.Join(", ", lost.Take(5))}");
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
