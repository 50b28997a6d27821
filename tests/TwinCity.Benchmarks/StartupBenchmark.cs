using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using TwinCity.Importers.Sources;
using TwinCity.Models.Frames;

namespace TwinCity.Benchmarks;

/// <summary>
/// The default start (<c>dotnet run --project web</c>, simulator on) measured from process start to (a) the
/// catalogue being served and (b) the first frame with live values at a SignalR client watching the building
/// tiles. Monaco's PBF (buildings + streets + utility networks) against the reference measured in the same run:
/// the same buildings from <c>derived/monaco-buildings.geojson</c>, which has no street or utility layers.
/// </summary>
internal static class StartupBenchmark
{
    private const int Rounds = 3;

    public static async Task RunAsync()
    {
        var dll = LiveBenchmark.FindWebDll();
        var runs = new Dictionary<string, List<(double Ready, double Frame)>> { ["osm/monaco-latest.osm.pbf"] = [], ["derived/monaco-buildings.geojson"] = [] };
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (city, results) in runs)
            {
                results.Add(await StartAsync(dll, DataFolder.GetPath(city)));
            }
        }

        Console.WriteLine("Start-up, web process with the simulator, to the catalogue and to the first frame with values at a client (median of 3):");
        var reference = runs["derived/monaco-buildings.geojson"];
        foreach (var (city, results) in runs)
        {
            var (ready, frame) = (Median(results.Select(r => r.Ready)), Median(results.Select(r => r.Frame)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {city,-34} ready {ready,6:0} ms ({ready / Median(reference.Select(r => r.Ready)):0.00}x)   first frame {frame,6:0} ms ({frame / Median(reference.Select(r => r.Frame)):0.00}x)"));
        }
    }

    private static async Task<(double Ready, double Frame)> StartAsync(string dll, string city)
    {
        var state = Directory.CreateTempSubdirectory("twincity-startup-");
        var http = LiveBenchmark.FreePort();
        var clock = Stopwatch.StartNew();
        using var web = Process.Start(new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{http}", "--city", city,
            "--TwinCity:StateDirectory", state.FullName, "--TwinCity:MqttPort", "0",
            "--TwinCity:SiloPort", LiveBenchmark.FreePort().ToString(CultureInfo.InvariantCulture), "--TwinCity:GatewayPort", LiveBenchmark.FreePort().ToString(CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        })!;
        _ = ProcessOutput.Drain(web); // read, so that its logging never blocks
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}") };
            JsonElement catalogue;
            while (true)
            {
                var response = await TryGetAsync(client);
                if (response?.StatusCode == HttpStatusCode.OK)
                {
                    catalogue = await response.Content.ReadFromJsonAsync<JsonElement>();
                    break;
                }

                if (clock.Elapsed > TimeSpan.FromMinutes(2))
                {
                    throw new TimeoutException($"start-up of {Path.GetFileName(city)}: expected /api/city within 2 minutes");
                }

                await Task.Delay(20);
            }

            var ready = clock.Elapsed.TotalMilliseconds;
            var firstFrame = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var hub = new HubConnectionBuilder().WithUrl($"http://127.0.0.1:{http}/hubs/twin").AddMessagePackProtocol().Build();
            hub.On<string, long, bool, byte[]>("Frame", (_, _, _, payload) =>
            {
                if (TileFrameCodec.Decode(payload).Count > 0)
                {
                    firstFrame.TrySetResult(clock.Elapsed.TotalMilliseconds);
                }
            });
            await hub.StartAsync();
            var buildingTiles = catalogue.GetProperty("tiles").EnumerateArray()
                .Where(t => !t.TryGetProperty("layer", out var l) || l.GetString() == "buildings").Select(t => t.GetProperty("id").GetString()).ToArray();
            await hub.InvokeAsync("SubscribeTiles", (object)buildingTiles);
            return (ready, await firstFrame.Task.WaitAsync(TimeSpan.FromMinutes(1)));
        }
        finally
        {
            web.Kill(entireProcessTree: true);
            await web.WaitForExitAsync();
            state.Delete(recursive: true);
        }
    }

    private static async Task<HttpResponseMessage?> TryGetAsync(HttpClient client)
    {
        try
        {
            return await client.GetAsync("/api/city");
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
