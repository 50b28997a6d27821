using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NetTopologySuite.Geometries;
using TwinCity.Importers.Osm;
using TwinCity.Importers.Sources;

namespace TwinCity.Benchmarks;

/// <summary>
/// The browser viewer in headless Chromium (SwiftShader WebGL, as on a machine without a GPU), on
/// Monaco and on a city of N buildings made by replicating Monaco's real footprints (as the import
/// benchmark does): time to the first city on screen, draw calls per frame against the tiles in view
/// (the reference: one per visible tile), main-thread time to apply a frame of 10,000 feature changes
/// against a plain typed-array copy of the same size, and the initial JS+CSS gzipped.
/// </summary>
internal static partial class ViewerBenchmark
{
    private const int Changes = 10_000;
    private const int Rounds = 41;

    public static async Task RunAsync(int replicatedBuildings)
    {
        var dll = LiveBenchmark.FindWebDll();
        var web = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(dll)!, "..", "..", ".."));
        PrintBundle(Path.Combine(web, "wwwroot"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("TWINCITY_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist", "--disable-background-networking", "--no-first-run"],
        });

        await MeasureAsync(browser, dll, web, "Monaco (osm/monaco-latest.osm.pbf)", DataFolder.GetPath("osm/monaco-latest.osm.pbf"));
        if (replicatedBuildings > 0)
        {
            var file = Path.Combine(Directory.CreateTempSubdirectory("twincity-viewer-bench-").FullName, "replicated-monaco.geojson");
            try
            {
                var written = WriteReplicated(file, replicatedBuildings);
                await MeasureAsync(browser, dll, web, $"Replicated Monaco ({written:N0} buildings, GeoJSON)", file);
            }
            finally
            {
                Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
            }
        }
    }

    private static async Task MeasureAsync(IBrowser browser, string dll, string web, string name, string city)
    {
        var state = Directory.CreateTempSubdirectory("twincity-viewer-state-");
        var http = LiveBenchmark.FreePort();
        using var process = Process.Start(new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{http}", "--city", city, "--contentRoot", web,
            "--TwinCity:StateDirectory", state.FullName, "--TwinCity:MqttPort", "0", "--TwinCity:Simulator:Enabled", "false",
            "--TwinCity:SiloPort", LiveBenchmark.FreePort().ToString(CultureInfo.InvariantCulture), "--TwinCity:GatewayPort", LiveBenchmark.FreePort().ToString(CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = web,
        })!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}") };
            var loading = Stopwatch.StartNew();
            while ((await TryGetAsync(client))?.StatusCode != HttpStatusCode.OK)
            {
                if (loading.Elapsed > TimeSpan.FromMinutes(20) || process.HasExited)
                {
                    throw new TimeoutException($"viewer benchmark, {name}: expected /api/city within 20 minutes (process exited: {process.HasExited})");
                }

                await Task.Delay(200);
            }

            Print($"{name}: city served after {loading.Elapsed.TotalSeconds:0} s (import and grains, not the viewer)");
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(client.BaseAddress + "?lang=en");
            await page.WaitForFunctionAsync("() => window.twincity && twincity.firstDrawAt !== null", null, new PageWaitForFunctionOptions { Timeout = 600_000, PollingInterval = 50 });
            await page.WaitForFunctionAsync("() => twincity.ready", null, new PageWaitForFunctionOptions { Timeout = 600_000, PollingInterval = 100 });
            var timing = await page.EvaluateAsync<JsonElement>("() => ({ first: twincity.firstDrawAt, ready: performance.now() })");
            Print($"  first city on screen       {timing.GetProperty("first").GetDouble(),8:0} ms after navigation (all tiles in view loaded and live: {timing.GetProperty("ready").GetDouble():0} ms)");

            await PrintDrawCallsAsync(page, "overview (whole city framed)");
            // Street level: the building tile with the most features, framed (its bounds come from the catalogue).
            var catalogue = JsonDocument.Parse(await client.GetStringAsync("/api/city")).RootElement;
            var busiest = catalogue.GetProperty("tiles").EnumerateArray()
                .Where(t => !t.TryGetProperty("layer", out var l) || l.GetString() == "buildings")
                .MaxBy(t => t.GetProperty("featureCount").GetInt32());
            var box = string.Join(", ", new[] { "minX", "minY", "maxX", "maxY" }.Select(k => busiest.GetProperty(k).GetDouble().ToString("R", CultureInfo.InvariantCulture)));
            await page.EvaluateAsync($"() => {{ twincity.lookAt({box}); twincity.renderNow(); }}");
            await SettleAsync(page);
            await PrintDrawCallsAsync(page, $"street level (tile {busiest.GetProperty("id").GetString()} framed)");

            var apply = await page.EvaluateAsync<JsonElement>($"() => twincity.benchApplyFrame({Changes}, {Rounds})");
            var applyMs = apply.GetProperty("applyMs").GetDouble();
            var copyMs = apply.GetProperty("copyMs").GetDouble();
            Print($"  apply a frame of {apply.GetProperty("changes").GetInt32():N0} changes {applyMs,8:0.00} ms (median of {Rounds} samples, each a batch of 10 frames: the page clock ticks in 0.1 ms; tile {apply.GetProperty("tileId").GetString()}, {apply.GetProperty("features").GetInt32()} features; goal <= 2 ms)");
            Print($"    reference: typed-array copy of the same size (10,000 floats + 40,000 colour bytes) {copyMs:0.000} ms ({applyMs / Math.Max(copyMs, 0.001):0}x); next render with the texture upload {apply.GetProperty("renderMs").GetDouble():0.00} ms");
            await context.CloseAsync();
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            state.Delete(recursive: true);
        }
    }

    /// <summary>Ready, and still ready half a second later: the renderer has seen the new view and loaded what it wants.</summary>
    private static async Task SettleAsync(IPage page)
    {
        for (var i = 0; i < 3; i++)
        {
            await page.WaitForFunctionAsync("() => twincity.ready", null, new PageWaitForFunctionOptions { Timeout = 600_000, PollingInterval = 100 });
            await page.WaitForTimeoutAsync(500);
            await page.EvaluateAsync("() => twincity.renderNow()");
        }
    }

    private static async Task PrintDrawCallsAsync(IPage page, string view)
    {
        var stats = await page.EvaluateAsync<JsonElement>("() => ({ drawCalls: twincity.renderNow(), visible: twincity.visibleTiles, loaded: twincity.tilesLoaded, features: twincity.featureCount })");
        var drawCalls = stats.GetProperty("drawCalls").GetInt32();
        var visible = stats.GetProperty("visible").GetInt32();
        Print($"  {view}: {drawCalls} draw calls per frame for {visible} tiles in view ({(double)drawCalls / Math.Max(visible, 1):0.00} per visible tile; reference 1), {stats.GetProperty("loaded").GetInt32()} tiles and {stats.GetProperty("features").GetInt32():N0} features loaded");
    }

    /// <summary>Copies of Monaco's real footprints on a grid, written as a GeoJSON city (ids `replicated-monaco:c-i`).</summary>
    private static int WriteReplicated(string file, int target)
    {
        var monaco = OsmPbfReader.Read(DataFolder.GetPath("osm/monaco-latest.osm.pbf"));
        var extent = new Envelope();
        foreach (var b in monaco.Buildings)
        {
            extent.ExpandToInclude(b.Footprint.EnvelopeInternal);
        }

        var copies = (int)Math.Ceiling((double)target / monaco.Buildings.Count);
        var side = (int)Math.Ceiling(Math.Sqrt(copies));
        using var stream = File.Create(file);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
        var written = 0;
        for (var copy = 0; copy < copies && written < target; copy++)
        {
            var (dx, dy) = ((copy % side) * extent.Width * 1.1, (copy / side) * extent.Height * 1.1);
            foreach (var b in monaco.Buildings)
            {
                if (written == target)
                {
                    break;
                }

                json.WriteStartObject();
                json.WriteString("type", "Feature");
                json.WriteString("id", string.Create(CultureInfo.InvariantCulture, $"c{copy}-{written}"));
                json.WriteStartObject("properties");
                foreach (var key in new[] { "building", "height", "building:levels", "name" })
                {
                    if (b.Tags.TryGetValue(key, out var value))
                    {
                        json.WriteString(key, value);
                    }
                }

                json.WriteEndObject();
                json.WriteStartObject("geometry");
                json.WriteString("type", "MultiPolygon");
                json.WriteStartArray("coordinates");
                foreach (var polygon in b.Footprint.Geometries.Cast<Polygon>())
                {
                    json.WriteStartArray();
                    foreach (var ring in new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings))
                    {
                        json.WriteStartArray();
                        foreach (var c in ring.Coordinates)
                        {
                            json.WriteStartArray();
                            json.WriteNumberValue(Math.Round(c.X + dx, 7));
                            json.WriteNumberValue(Math.Round(c.Y + dy, 7));
                            json.WriteEndArray();
                        }

                        json.WriteEndArray();
                    }

                    json.WriteEndArray();
                }

                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
                written++;
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        return written;
    }

    private static void PrintBundle(string wwwroot)
    {
        var html = File.ReadAllText(Path.Combine(wwwroot, "index.html"));
        long raw = 0, gzipped = 0;
        foreach (var path in AssetReference().Matches(html).Select(m => m.Groups["path"].Value).Distinct())
        {
            var bytes = File.ReadAllBytes(Path.Combine(wwwroot, path.TrimStart('/')));
            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            {
                gzip.Write(bytes);
            }

            raw += bytes.Length;
            gzipped += buffer.Length;
        }

        Print($"Viewer bundle: initial JS+CSS {raw / 1024.0:0} KiB, {gzipped / 1024.0:0} KiB gzipped (budget 600 KiB, {100.0 * gzipped / (600 * 1024):0}% of it)");
    }

    private static async Task<HttpResponseMessage?> TryGetAsync(HttpClient client)
    {
        try
        {
            return await client.GetAsync("/api/city");
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));

    [GeneratedRegex("""<(?:script[^>]*\ssrc|link[^>]*\shref)="(?<path>/[^"]+\.(?:js|css))""")]
    private static partial Regex AssetReference();
}
