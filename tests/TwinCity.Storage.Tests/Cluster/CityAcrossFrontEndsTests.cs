using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using TwinCity.Importers.Sources;
using Xunit.Abstractions;

namespace TwinCity.Storage.Tests.Cluster;

/// <summary>
/// One city for the whole cluster: a second front end serves the city the first one loaded (it does not
/// import its own), and a city uploaded to one front end reaches the viewers of the other.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CityAcrossFrontEndsTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task City_uploaded_to_one_front_end_is_served_and_announced_by_the_other()
    {
        var container = "city-" + Guid.NewGuid().ToString("N");
        await using var redis = await RedisServer.StartAsync();
        await using var silo = await SiloProcess.StartAsync(redis.ConnectionString, azurite.ConnectionString, container);
        await using var webA = await WebFrontEndProcess.StartAsync(redis.ConnectionString, azurite.ConnectionString, container);
        using var plannerA = webA.ClientAs("planner");
        var first = await webA.WaitForCityAsync(plannerA);
        await using var webB = await WebFrontEndProcess.StartAsync(redis.ConnectionString, azurite.ConnectionString, container);
        using var httpB = webB.OperatorClient();
        var atB = await webB.WaitForCityAsync(httpB);
        Assert.Equal(first.GetProperty("version").GetInt64(), atB.GetProperty("version").GetInt64());

        var hub = new HubConnectionBuilder().WithUrl(new Uri(webB.Address, "/hubs/twin")).AddMessagePackProtocol().Build();
        var announced = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<long>("CityChanged", version => announced.TrySetResult(version));
        await hub.StartAsync();

        var watch = Stopwatch.StartNew();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(DataFolder.GetPath("derived/monaco-buildings.geojson")));
        form.Add(file, "file", "monaco-buildings.geojson");
        var upload = await plannerA.PostAsync("/api/imports", form);
        Assert.True(upload.IsSuccessStatusCode, $"upload: {(int)upload.StatusCode} {await upload.Content.ReadAsStringAsync()}");

        long version;
        try
        {
            version = await announced.Task.WaitAsync(TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"front end B announced no new city within 120 s of the upload to A. B's output:\n{webB.Output}");
        }

        var cityB = JsonSerializer.Deserialize<JsonElement>(await httpB.GetStringAsync("/api/city"));
        var cityA = JsonSerializer.Deserialize<JsonElement>(await plannerA.GetStringAsync("/api/city"));
        output.WriteLine($"front end B announced city version {version} {watch.Elapsed.TotalSeconds:0.0} s after the upload to A");
        Assert.NotEqual(first.GetProperty("version").GetInt64(), version);
        Assert.Equal(version, cityA.GetProperty("version").GetInt64());
        Assert.Equal(version, cityB.GetProperty("version").GetInt64());
        Assert.Equal(await plannerA.GetStringAsync("/city/tileset.json"), await httpB.GetStringAsync("/city/tileset.json"));
        await hub.DisposeAsync();
    }
}
