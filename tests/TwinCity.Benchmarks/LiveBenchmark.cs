using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using TwinCity.Models.Frames;

namespace TwinCity.Benchmarks;

/// <summary>
/// The live path end to end against the real web process (embedded broker, co-hosted silo, SignalR):
/// MQTT publishes of one reading each (QoS 1, acknowledged after ingestion) per second from several
/// clients, and the latency from a publish to the SignalR frame carrying that value at a connected
/// client, with 100 ms frames, while a background load runs.
/// </summary>
internal static class LiveBenchmark
{
    /// <summary>MQTT connections publishing at once (<c>--publishers</c>); HTTP clients posting at once.</summary>
    private static int Publishers = 32;
    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(int publishers)
    {
        Publishers = publishers;
        var dll = FindWebDll();
        var state = Directory.CreateTempSubdirectory("twincity-live-");
        var (http, mqtt) = (FreePort(), FreePort());
        using var web = Process.Start(new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{http}",
            "--TwinCity:StateDirectory", state.FullName, "--TwinCity:MqttPort", mqtt.ToString(CultureInfo.InvariantCulture),
            "--TwinCity:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture), "--TwinCity:GatewayPort", FreePort().ToString(CultureInfo.InvariantCulture),
            "--TwinCity:Simulator:Enabled", "false", "--TwinCity:Ingestion:SensorReadingsPerSecond", "1000000", "--Logging:LogLevel:Default", "Warning"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        })!;
        var log = ProcessOutput.Drain(web);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}") };
            var city = await WaitForCityAsync(client);
            var tokens = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(Path.Combine(state.FullName, "tokens.json")))!;
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens["operator"]);
            var sensors = await RegisterSensorsAsync(client, city);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Live path (web process, embedded MQTT broker, {sensors.Count} sensors on Monaco's buildings):"));

            var packs = await HttpRateAsync(http, tokens["sensor"], sensors);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  HTTP POST /api/ingest, SenML packs of {PackSize:N0}, {Publishers} clients   {packs,10:N0} readings/s acknowledged"));

            var ceiling = await NoOpBrokerRateAsync(sensors);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  MQTTnet broker doing nothing with publishes (reference), QoS 1, {Publishers} clients   {ceiling,10:N0} publishes/s acknowledged"));
            var cpuBefore = web.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var rate = await PublishRateAsync(mqtt, tokens["sensor"], sensors);
            web.Refresh();
            var cores = (web.TotalProcessorTime - cpuBefore).TotalSeconds / clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  MQTT into the twin, one reading per publish, QoS 1, {Publishers} clients   {rate,10:N0} readings/s acknowledged ({rate / ceiling:P0} of the reference)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    the web process used {cores:0.00} of {Environment.ProcessorCount} cores: {rate / cores,10:N0} readings per CPU-second"));

            var streamCeiling = await NoOpBrokerRateAsync(sensors, atMostOnce: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  MQTTnet broker doing nothing with publishes (reference), QoS 0, {Publishers} clients   {streamCeiling,10:N0} publishes/s received"));
            cpuBefore = web.TotalProcessorTime;
            clock.Restart();
            var (streamed, _) = await StreamRateAsync(mqtt, tokens["sensor"], [.. sensors.Select(s => s.Id)], LoadDuration, Publishers, () => AppliedAsync(client));
            web.Refresh();
            cores = (web.TotalProcessorTime - cpuBefore).TotalSeconds / clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  MQTT into the twin, one reading per publish, QoS 0, {Publishers} clients   {streamed,10:N0} readings/s applied ({streamed / streamCeiling:P0} of the reference)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    the web process used {cores:0.00} of {Environment.ProcessorCount} cores: {streamed / cores,10:N0} readings per CPU-second"));

            var allTiles = city.GetProperty("tiles").EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToArray();
            var (p50, p99, count) = await LatencyAsync(http, mqtt, tokens["sensor"], sensors, allTiles, rate / 2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  publish -> SignalR frame at a client, under ~{rate / 2:N0}/s load: p50 {p50:0} ms, p99 {p99:0} ms ({count} probes, 100 ms frames)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  web process RSS after the run: {RssMegabytes(web.Id):0} MB"));
            PrintLog(log);
        }
        finally
        {
            web.Kill(entireProcessTree: true);
            await web.WaitForExitAsync();
            state.Delete(recursive: true);
        }
    }

    internal sealed record Sensor(string Id, string TileId, int FeatureIndex);

    /// <summary>What the web process logged (it runs at Warning): a benchmark whose server complained is not a clean figure.</summary>
    internal static void PrintLog(ProcessOutput log)
    {
        if (log.Warnings > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the web process logged {log.Warnings} warnings; the last: {string.Join(" | ", log.Last())}"));
        }
    }

    internal static async Task<JsonElement> WaitForCityAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var response = await client.GetAsync("/api/city");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return await response.Content.ReadFromJsonAsync<JsonElement>();
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("web process: expected /api/city within 2 minutes");
    }

    private static async Task<List<Sensor>> RegisterSensorsAsync(HttpClient client, JsonElement city)
    {
        var sensors = new List<Sensor>();
        // Buildings only: street and utility tiles (layer "streets", "networks") carry other entities.
        foreach (var tile in city.GetProperty("tiles").EnumerateArray().Where(t => !t.TryGetProperty("layer", out var l) || l.GetString() == "buildings"))
        {
            var tileId = tile.GetProperty("id").GetString()!;
            for (var feature = 0; feature < tile.GetProperty("featureCount").GetInt32(); feature++)
            {
                var building = await client.GetFromJsonAsync<JsonElement>($"/api/tiles/{tileId}/features/{feature}");
                var entity = building.GetProperty("info").GetProperty("id").GetString()!;
                var id = "bench." + entity.Replace('/', '-');
                (await client.PutAsJsonAsync($"/api/sensors/{id}", new { entityId = entity, metricId = "power_kw", unit = "kW", @operator = "benchmark", purpose = "benchmark", retentionDays = 1, countsPeople = false })).EnsureSuccessStatusCode();
                sensors.Add(new Sensor(id, tileId, feature));
            }
        }

        return sensors;
    }

    private static async Task<IMqttClient> ConnectAsync(int port, string key)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithCredentials("bench", key)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build());
        return client;
    }

    private static Task<double> PublishRateAsync(int port, string key, List<Sensor> sensors) =>
        PublishRateAsync(port, key, [.. sensors.Select(s => s.Id)], LoadDuration, Publishers);

    /// <summary>
    /// Publishes of one reading each (QoS 1) from <paramref name="connections"/> lean connections for
    /// <paramref name="duration"/>, sensors in turn; returns the acknowledged publishes per second.
    /// </summary>
    internal static async Task<double> PublishRateAsync(int port, string key, IReadOnlyList<string> sensors, TimeSpan duration, int connections)
    {
        var publishers = await Task.WhenAll(Enumerable.Range(0, connections).Select(c => LeanMqttPublisher.ConnectAsync(port, $"bench-{c}", "bench", key)));
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(publishers.Select((publisher, c) => Task.Run(async () =>
        {
            // This connection's share of the sensors, each publish encoded once.
            var packets = Enumerable.Range(0, sensors.Count / connections)
                .Select(k => LeanMqttPublisher.Encode($"twincity/sensors/{sensors[(k * connections) + c]}", (k % 250).ToString(CultureInfo.InvariantCulture)))
                .ToArray();
            var scratch = new System.Buffers.ArrayBufferWriter<byte>(LeanMqttPublisher.Window * 64);
            for (var first = 0; clock.Elapsed < duration; first += LeanMqttPublisher.Window)
            {
                await publisher.PublishAsync(packets, first, LeanMqttPublisher.Window, scratch);
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var (acked, refused) = (publishers.Sum(p => p.Acknowledged), publishers.Sum(p => p.Refused));
        foreach (var publisher in publishers)
        {
            await publisher.DisposeAsync();
        }

        if (refused > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ({refused} publishes refused)"));
        }

        return acked / seconds;
    }

    /// <summary>
    /// Publishes of one reading each at QoS 0 (no acknowledgement) from <paramref name="connections"/> lean
    /// connections, sensors in turn, as fast as TCP takes them; returns the readings per second the server
    /// applied over <paramref name="duration"/> (<paramref name="applied"/> read at its start and end, after
    /// a second to fill the pipes). The publishers keep going meanwhile: the server sets the pace. Also
    /// returns how long after the publishers stopped the server went on applying what they had sent.
    /// </summary>
    internal static async Task<(double Rate, TimeSpan Drained)> StreamRateAsync(int port, string key, IReadOnlyList<string> sensors, TimeSpan duration, int connections, Func<Task<long>> applied)
    {
        var publishers = await Task.WhenAll(Enumerable.Range(0, connections).Select(c => LeanMqttPublisher.ConnectAsync(port, $"stream-{c}", "bench", key)));
        using var stop = new CancellationTokenSource();
        var streaming = Task.WhenAll(publishers.Select((publisher, c) => Task.Run(async () =>
        {
            var packets = Enumerable.Range(0, sensors.Count / connections)
                .Select(k => LeanMqttPublisher.EncodeAtMostOnce($"twincity/sensors/{sensors[(k * connections) + c]}", (k % 250).ToString(CultureInfo.InvariantCulture)))
                .ToArray();
            var scratch = new System.Buffers.ArrayBufferWriter<byte>(LeanMqttPublisher.Window * 64);
            for (var first = 0; !stop.IsCancellationRequested; first += LeanMqttPublisher.Window)
            {
                await publisher.StreamAsync(packets, first, LeanMqttPublisher.Window, scratch);
            }
        })));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var (before, clock) = (await applied(), Stopwatch.StartNew());
        await Task.Delay(duration);
        var (after, seconds) = (await applied(), clock.Elapsed.TotalSeconds);
        await stop.CancelAsync();
        await streaming;
        foreach (var publisher in publishers)
        {
            await publisher.DisposeAsync();
        }

        // What was sent and not yet applied sits in socket buffers and the server's queues: wait until the count stands still.
        var drain = Stopwatch.StartNew();
        var (last, still) = (await applied(), Stopwatch.StartNew());
        while (still.ElapsedMilliseconds < 500)
        {
            await Task.Delay(50);
            var now = await applied();
            if (now != last)
            {
                last = now;
                still.Restart();
            }
        }

        return ((after - before) / seconds, drain.Elapsed - still.Elapsed);
    }

    /// <summary>Readings the web process applied since it started (<c>GET /api/ingest/backlog</c>, as an operator).</summary>
    internal static async Task<long> AppliedAsync(HttpClient operatorClient) =>
        (await operatorClient.GetFromJsonAsync<JsonElement>("/api/ingest/backlog")).GetProperty("readingsAccepted").GetInt64();

    /// <summary>
    /// The ceiling MQTT sets before any twin work: the same MQTTnet server, acknowledging every
    /// publish without doing anything with it, in this process, loaded by the same publishers
    /// (QoS 1 with acknowledgements, or a stream of QoS 0 publishes).
    /// </summary>
    private static async Task<double> NoOpBrokerRateAsync(List<Sensor> sensors, bool atMostOnce = false)
    {
        var port = FreePort();
        using var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder()
            .WithDefaultEndpoint().WithDefaultEndpointPort(port).WithMaxPendingMessagesPerClient(1000).Build());
        long received = 0;
        server.InterceptingPublishAsync += e =>
        {
            e.ProcessPublish = false;
            Interlocked.Increment(ref received);
            return Task.CompletedTask;
        };
        await server.StartAsync();
        try
        {
            return atMostOnce
                ? (await StreamRateAsync(port, "unused", [.. sensors.Select(s => s.Id)], LoadDuration, Publishers, () => Task.FromResult(Interlocked.Read(ref received)))).Rate
                : await PublishRateAsync(port, "unused", sensors);
        }
        finally
        {
            await server.StopAsync();
        }
    }

    private const int PackSize = 10_000;

    /// <summary>
    /// SenML packs over HTTP, as a gateway forwarding many sensors would send them: each pack holds
    /// a reading of every sensor at successive instants, and each client keeps one pack in flight.
    /// </summary>
    private static async Task<double> HttpRateAsync(int port, string key, List<Sensor> sensors)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var start = DateTimeOffset.UtcNow.AddMinutes(-50);
        long acked = 0, refused = 0, instant = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Publishers).Select(_ => Task.Run(async () =>
        {
            var pack = new System.Text.StringBuilder(PackSize * 48);
            while (clock.Elapsed < LoadDuration)
            {
                pack.Clear().Append('[');
                for (var n = 0; n < PackSize; n++)
                {
                    var sensor = sensors[n % sensors.Count];
                    if (n % sensors.Count == 0)
                    {
                        // A new instant for each round over the sensors: every reading is newer than the last.
                        var t = start.AddMilliseconds(Interlocked.Increment(ref instant)).ToUnixTimeMilliseconds() / 1000.0;
                        pack.Append(n == 0 ? string.Empty : ",").Append(CultureInfo.InvariantCulture, $"{{\"bt\":{t:0.000},\"n\":\"{sensor.Id}\",\"v\":{n % 250}}}");
                        continue;
                    }

                    pack.Append(CultureInfo.InvariantCulture, $",{{\"n\":\"{sensor.Id}\",\"v\":{n % 250}}}");
                }

                using var content = new StringContent(pack.Append(']').ToString(), System.Text.Encoding.UTF8, "application/senml+json");
                using var response = await client.PostAsync("/api/ingest", content);
                Interlocked.Add(ref response.IsSuccessStatusCode ? ref acked : ref refused, PackSize);
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        if (refused > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ({refused} readings in refused packs)"));
        }

        return acked / seconds;
    }

    /// <summary>
    /// Publish-to-frame latency of <paramref name="probeCount"/> probes (cycling over the first 100
    /// <paramref name="sensors"/>, whose tile and feature must be right) while the others take
    /// <paramref name="backgroundRate"/> publishes/s, seen by a SignalR client watching <paramref name="watchedTiles"/>.
    /// The probes start once the background has run for <paramref name="warmUp"/>.
    /// </summary>
    internal static async Task<(double P50, double P99, int Count)> LatencyAsync(int http, int mqtt, string key, IReadOnlyList<Sensor> sensors, IReadOnlyList<string> watchedTiles, double backgroundRate, int probeCount = 200, TimeSpan warmUp = default)
    {
        // When each awaited probe value (tile, feature, value) was first seen in a frame; 0 until then. Only the
        // probes' values are kept: keeping every change seen grew to millions of entries over a run, and the
        // dictionary's resizes held up the client's frame handler for up to a second, counted as frame stalls.
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<(string, int, float), long>();
        await using var hub = new HubConnectionBuilder().WithUrl($"http://127.0.0.1:{http}/hubs/twin").AddMessagePackProtocol().Build();
        hub.On<string, long, bool, byte[]>("Frame", (tile, _, _, payload) =>
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var change in TileFrameCodec.Decode(payload))
            {
                seen.TryUpdate((tile, change.FeatureIndex, change.Value), now, 0);
            }
        });
        await hub.StartAsync();
        await hub.InvokeAsync("SubscribeTiles", (object)watchedTiles.ToArray());

        // Probes use sensors the background load never touches: a frame carries each feature's latest
        // value, so a background reading in the same 100 ms would (rightly) replace the probe's.
        var probes = sensors.Take(100).ToArray();
        var loaded = sensors.Skip(100).ToArray();
        using var background = new CancellationTokenSource();
        // The background is QoS 0 publishes from a lean publisher (MQTTnet's client took about as much CPU per
        // publish as the server, on the cores the server and the probes share), paced by the clock: each time it
        // wakes it sends what is due by then. It used to send 100 and wait 1/rate of a second for the next 100,
        // but a wait of a millisecond or two lasts longer here, and the load was a quarter of the rate asked.
        var load = Task.Run(async () =>
        {
            await using var publisher = await LeanMqttPublisher.ConnectAsync(mqtt, "background", "bench", key);
            var packets = loaded.Select((sensor, i) => LeanMqttPublisher.EncodeAtMostOnce($"twincity/sensors/{sensor.Id}", (i % 200).ToString(CultureInfo.InvariantCulture))).ToArray();
            const int mostAtOnce = 1_000;
            var scratch = new System.Buffers.ArrayBufferWriter<byte>(mostAtOnce * 64);
            var clock = Stopwatch.StartNew();
            long sent = 0;
            while (!background.IsCancellationRequested)
            {
                var due = (long)(clock.Elapsed.TotalSeconds * backgroundRate) - sent;
                if (due <= 0)
                {
                    await Task.Delay(1);
                    continue;
                }

                var count = (int)Math.Min(due, mostAtOnce);
                await publisher.StreamAsync(packets, (int)(sent % packets.Length), count, scratch);
                sent += count;
            }

            return sent;
        });

        await Task.Delay(warmUp);
        using var probe = await ConnectAsync(mqtt, key);
        var probing = Stopwatch.StartNew();
        var latencies = new List<double>();
        var slowest = new List<(double Latency, double Acknowledged, int Probe)>();
        // Every probe, with when it was published on the monotonic clock (perf's -k mono), to line the slow ones up with a profile or a log.
        await using var probeLog = Environment.GetEnvironmentVariable("TWINCITY_BENCH_PROBE_LOG") is { Length: > 0 } logFile ? new StreamWriter(logFile) : null;
        var random = new Random(7);
        // Five probes first that are not counted: the first publish on the probe connection, with the
        // background only just started, pays first-use costs (probe #0 was one of the two slowest in 3 of 4 runs).
        const int uncounted = 5;
        for (var n = -uncounted; n < probeCount; n++)
        {
            var sensor = probes[(n + probes.Length) % probes.Length];
            var value = 1000f + n; // outside the background values, so the frame is unambiguous
            seen[(sensor.TileId, sensor.FeatureIndex, value)] = 0;
            var sent = Stopwatch.GetTimestamp();
            await probe.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"twincity/sensors/{sensor.Id}")
                .WithPayload(value.ToString(CultureInfo.InvariantCulture)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            var acknowledged = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            var deadline = DateTime.UtcNow.AddSeconds(2);
            long at;
            while ((at = seen[(sensor.TileId, sensor.FeatureIndex, value)]) == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(1);
            }

            if (at != 0 && n >= 0)
            {
                latencies.Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds);
                slowest.Add((latencies[^1], acknowledged, n));
                probeLog?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{n} {(double)sent / Stopwatch.Frequency:0.000000} {acknowledged:0.0} {latencies[^1]:0.0}"));
            }

            await Task.Delay(random.Next(20, 60));
        }

        await background.CancelAsync();
        var backgroundSent = await load;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  background: {backgroundSent / (warmUp.TotalSeconds + probing.Elapsed.TotalSeconds):N0} publishes/s (QoS 0) over {warmUp.TotalSeconds + probing.Elapsed.TotalSeconds:0} s, {probing.Elapsed.TotalSeconds:0} s of them with the probes"));
        if (latencies.Count < probeCount)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ({probeCount - latencies.Count} probes saw no frame within 2 s)"));
        }

        // Where the tail comes from: the slowest probes, with how long their PUBACK took (the reading in its
        // tile) and when they ran (close probe numbers point at one stall rather than several).
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  slowest probes (frame ms / PUBACK ms / probe #): {string.Join(", ", slowest.OrderByDescending(p => p.Latency).Take(5).Select(p => $"{p.Latency:0}/{p.Acknowledged:0}/#{p.Probe}"))}"));
        // The PUBACK alone: the probe's reading applied to its tile (and queued for its entity), before any frame.
        var acknowledgements = slowest.Select(p => p.Acknowledged).Order().ToList();
        if (acknowledgements.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  publish -> PUBACK: p50 {acknowledgements[acknowledgements.Count / 2]:0.0} ms, p99 {acknowledgements[(int)(acknowledgements.Count * 0.99)]:0.0} ms"));
        }

        latencies.Sort();
        return latencies.Count == 0 ? (double.NaN, double.NaN, 0) : (latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)], latencies.Count);
    }

    /// <summary>The web build to run: <c>TWINCITY_WEB_DLL</c> when set (to measure another build, e.g. the previous commit's, with the same client), else this checkout's.</summary>
    internal static string FindWebDll()
    {
        if (Environment.GetEnvironmentVariable("TWINCITY_WEB_DLL") is { Length: > 0 } chosen)
        {
            return File.Exists(chosen) ? Path.GetFullPath(chosen) : throw new FileNotFoundException($"TWINCITY_WEB_DLL names no file: {chosen}");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var configuration in new[] { "Release", "Debug" })
            {
                var dll = Path.Combine(dir.FullName, "web", "bin", configuration, "net10.0", "TwinCity.Web.dll");
                if (File.Exists(dll))
                {
                    return dll;
                }
            }
        }

        throw new FileNotFoundException("TwinCity.Web.dll not found: build the web project first (dotnet build -c Release web)");
    }

    internal static double RssMegabytes(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return status is null ? double.NaN : double.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
