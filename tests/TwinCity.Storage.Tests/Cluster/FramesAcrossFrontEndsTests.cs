using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using TwinCity.Models.Frames;
using Xunit.Abstractions;

namespace TwinCity.Storage.Tests.Cluster;

/// <summary>
/// Two silos and two web front ends (real processes): a viewer on each front end watches one tile;
/// a reading posted to either reaches both, before and after one silo is killed with kill -9.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FramesAcrossFrontEndsTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Frame_reaches_the_viewers_of_every_front_end_and_keeps_coming_after_a_silo_dies()
    {
        var container = "frames-" + Guid.NewGuid().ToString("N");
        await using var redis = await RedisServer.StartAsync();
        await using var survivor = await SiloProcess.StartAsync(redis.ConnectionString, azurite.ConnectionString, container);
        await using var victim = await SiloProcess.StartAsync(redis.ConnectionString, azurite.ConnectionString, container);
        await using var webA = await WebFrontEndProcess.StartAsync(redis.ConnectionString, azurite.ConnectionString, container);
        using var httpA = webA.OperatorClient();
        var city = await webA.WaitForCityAsync(httpA);
        await using var webB = await WebFrontEndProcess.StartAsync(redis.ConnectionString, azurite.ConnectionString, container);
        using var httpB = webB.OperatorClient();
        await webB.WaitForCityAsync(httpB);

        var tile = city.GetProperty("tiles").EnumerateArray().MaxBy(t => t.GetProperty("featureCount").GetInt32()).GetProperty("id").GetString()!;
        var feature = await httpA.GetFromJsonAsync<JsonElement>($"/api/tiles/{tile}/features/0");
        var building = feature.GetProperty("info").GetProperty("id").GetString()!;
        await using var viewerA = await Viewer.ConnectAsync(webA.Address, tile);
        await using var viewerB = await Viewer.ConnectAsync(webB.Address, tile);

        await PostAsync(httpA, building, 4321.5);
        await Phase("before the kill, viewer on front end A", viewerA.Saw(4321.5));
        await Phase("before the kill, viewer on front end B", viewerB.Saw(4321.5));

        var watch = Stopwatch.StartNew();
        await victim.KillAsync();
        await PostWithRetryAsync(httpB, webB, building, 8765.5);
        await Phase("after the kill, viewer on front end A", viewerA.Saw(8765.5));
        await Phase("after the kill, viewer on front end B", viewerB.Saw(8765.5));
        output.WriteLine($"frames reached both front ends' viewers again {watch.Elapsed.TotalSeconds:0.0} s after kill -9 of one silo");
    }

    private static async Task Phase(string phase, Task seen)
    {
        try
        {
            await seen.WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{phase}: expected a frame with the posted value within 90 s, found none");
        }
    }

    private static async Task PostAsync(HttpClient http, string building, double value)
    {
        var response = await http.PostAsJsonAsync("/api/readings", new[] { new { entity = building, metric = "power_kw", value } });
        Assert.True(response.IsSuccessStatusCode, $"POST /api/readings: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task PostWithRetryAsync(HttpClient http, WebFrontEndProcess web, string building, double value)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            string failure;
            try
            {
                var response = await http.PostAsJsonAsync("/api/readings", new[] { new { entity = building, metric = "power_kw", value } });
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                failure = $"{(int)response.StatusCode}";
            }
            catch (HttpRequestException ex)
            {
                failure = ex.Message;
            }

            Assert.True(DateTime.UtcNow < deadline, $"POST /api/readings after the kill: still {failure} after 90 s; front end {(web.HasExited ? "exited" : "running")}, its output:\n{web.Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>A viewer: a SignalR connection (MessagePack) watching one tile, remembering every value it saw.</summary>
    private sealed class Viewer : IAsyncDisposable
    {
        private readonly HubConnection _hub;
        private readonly ConcurrentDictionary<float, TaskCompletionSource> _seen = new();

        private Viewer(HubConnection hub)
        {
            _hub = hub;
            hub.On<string, long, bool, byte[]>("Frame", (_, _, _, payload) =>
            {
                foreach (var change in TileFrameCodec.Decode(payload))
                {
                    _seen.GetOrAdd(change.Value, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                }
            });
        }

        public static async Task<Viewer> ConnectAsync(Uri web, string tile)
        {
            var hub = new HubConnectionBuilder().WithUrl(new Uri(web, "/hubs/twin")).AddMessagePackProtocol().Build();
            var viewer = new Viewer(hub);
            await hub.StartAsync();
            await hub.InvokeAsync<int>("SubscribeTiles", (object)new[] { tile });
            return viewer;
        }

        public Task Saw(double value) =>
            _seen.GetOrAdd((float)value, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public ValueTask DisposeAsync() => _hub.DisposeAsync();
    }
}
