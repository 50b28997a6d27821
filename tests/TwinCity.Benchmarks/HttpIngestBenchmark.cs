using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinCity.Importers.Sources;
using TwinCity.Silo.Hosting;

namespace TwinCity.Benchmarks;

/// <summary>
/// Issue 4's HTTP setting against the real web process: 100,000 sensors over ~50,000 buildings
/// (Monaco's real footprints, 31 copies side by side, loaded from a GeoJSON written for the run),
/// registered as one fleet; SenML packs of 10,000 readings posted by several clients, every sensor
/// reporting in turn, for a fixed time. Reports the sustained rate of acknowledged readings.
/// </summary>
internal static class HttpIngestBenchmark
{
    private const int Copies = 31;
    private static TimeSpan Duration = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the packs are posted before the rate is measured: past the first state writes
    /// (<see cref="TwinCitySiloOptions.DefaultStateFlushInterval"/>), so that the rate measured carries the
    /// write-behind's cost. Before them the entities only take readings: the first 35 s went at 1.37–1.39M
    /// readings/s where the 40 s after went at 0.85–1.12M, and a run that started measuring at once
    /// mixed the two.
    /// </summary>
    private static TimeSpan WarmUp = TwinCitySiloOptions.DefaultStateFlushInterval + TimeSpan.FromSeconds(5);
    private static int Clients = 16;
    private static int PackSize = 10_000;
    private static int MqttPublishers = 32;
    private static bool MqttToo = true;

    /// <summary>With <c>--latency-only</c>: the background load of the latency setting alone, in publishes/s (<c>--load N</c>); null runs every setting.</summary>
    private static double? LatencyOnlyLoad;

    /// <summary>Probes of the latency setting (<c>--probes N</c>): 600 by default, whose p99 is the sixth slowest (of 200, it was the second: one stall decided it).</summary>
    private static int ProbeCount = 600;

    /// <summary>The folder a run with <c>--kept-store</c> keeps its store in, from one run to the next.</summary>
    private static string KeptStore => Path.Combine(Path.GetTempPath(), "twincity-bench-http");

    /// <summary>
    /// Where a run notes when it deleted its store. A new store gets some 250,000 files in its first minute,
    /// and the run deletes them as it ends. On this machine that made the next runs slow: its root file system
    /// is ext4 without a journal, which, when it creates a file, skips the inodes deleted in the last minutes,
    /// looking each one up. A script creating files there took 165 µs a file four minutes after such a
    /// deletion (70% of it in the kernel's <c>recently_deleted</c>), 52 µs after seven and 29–31 µs after
    /// nine. So a run waits until <see cref="SettleAfterDelete"/> has passed since the last one deleted its store.
    /// </summary>
    private static string DeletedMarker => Path.Combine(Path.GetTempPath(), "twincity-bench-http.deleted");

    private static readonly TimeSpan SettleAfterDelete = TimeSpan.FromMinutes(10);

    /// <param name="clients">Packs posted at once (each client posts its next pack when the last is answered).</param>
    /// <param name="packSize">Readings per pack.</param>
    /// <param name="durableToo">Also run with readings acknowledged only once stored, and print the ratio.</param>
    /// <param name="publishers">MQTT connections, each publishing for its share of the sensors (a gateway each).</param>
    /// <param name="mqttToo">Also run the MQTT settings (QoS 1, QoS 0, latency) on the same process; false saves about three minutes when only the HTTP figure matters.</param>
    /// <param name="warmUpSeconds">Seconds of posting before the HTTP rate is measured (default: <see cref="WarmUp"/>).</param>
    /// <param name="keptStore">Run on the store kept by the last run with this flag (<see cref="KeptStore"/>), and keep it: a twin that has run before, which reads back its entities' state and history and writes into history slots written long ago.</param>
    /// <param name="seconds">
    /// How long each setting runs. By default long enough for every building to write its state twice
    /// (<see cref="TwinCitySiloOptions.DefaultStateFlushInterval"/>): those writes cost as much as the
    /// ingestion itself at this scale, so a shorter run would measure a rate the server cannot sustain.
    /// </param>
    /// <param name="latencyOnlyLoad">Run only the latency setting, under this many background publishes/s, after <paramref name="warmUpSeconds"/> of that load alone.</param>
    /// <param name="probes">Probes of the latency setting.</param>
    public static async Task RunAsync(int clients, int packSize, bool durableToo, int? seconds, int publishers = 32, bool mqttToo = true, bool keptStore = false, int? warmUpSeconds = null, double? latencyOnlyLoad = null, int probes = 600)
    {
        WarmUp = warmUpSeconds is { } warm ? TimeSpan.FromSeconds(warm) : WarmUp;
        (Clients, PackSize, MqttPublishers, MqttToo, LatencyOnlyLoad, ProbeCount) = (clients, packSize, publishers, mqttToo, latencyOnlyLoad, probes);
        durableToo &= latencyOnlyLoad is null;
        Duration = seconds is { } chosen
            ? TimeSpan.FromSeconds(chosen)
            : TimeSpan.FromSeconds(Math.Max(10, (2 * TwinCitySiloOptions.DefaultStateFlushInterval.TotalSeconds) + 2));
        var kept = keptStore && Directory.Exists(Path.Combine(KeptStore, "state", "blobs"));
        var work = keptStore ? Directory.CreateDirectory(KeptStore) : Directory.CreateTempSubdirectory("twincity-http-");
        Console.WriteLine(!keptStore
            ? "  store: a new folder, deleted after the run"
            : kept
                ? $"  store: {work.FullName}, kept from an earlier run: the entities' state and history exist, as in a twin that has run before"
                : $"  store: {work.FullName}, new; kept for the next run with --kept-store (delete the folder to start again)");
        if (latencyOnlyLoad is null)
        {
            // The latency setting alone creates files at a few hundred a second, not at the HTTP setting's tens of thousands.
            await WaitForDeletedStoreToSettleAsync();
        }
        try
        {
            var city = Path.Combine(work.FullName, "monaco-x31.geojson");
            var written = await WriteReplicatedCityAsync(city);
            var writeBehind = await RunOnceAsync(work, city, written, durable: false);
            if (!durableToo)
            {
                return;
            }

            var durable = await RunOnceAsync(work, city, written, durable: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  acknowledged only once stored (TwinCity:Silo:DurableReadings, a cluster silo's default): {durable / writeBehind:0.00}x the write-behind rate"));
        }
        finally
        {
            if (!keptStore)
            {
                work.Delete(recursive: true);
                await File.WriteAllTextAsync(DeletedMarker, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>Waits until <see cref="SettleAfterDelete"/> has passed since a run deleted its store (see <see cref="DeletedMarker"/>).</summary>
    private static async Task WaitForDeletedStoreToSettleAsync()
    {
        if (!File.Exists(DeletedMarker) || !DateTimeOffset.TryParse(await File.ReadAllTextAsync(DeletedMarker), CultureInfo.InvariantCulture, DateTimeStyles.None, out var deleted))
        {
            return;
        }

        var wait = deleted + SettleAfterDelete - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  waiting {wait.TotalSeconds:0} s: the last run deleted its store at {deleted:HH:mm:ss} UTC, and creating files on ext4 without a journal is slow for minutes after a large deletion"));
            await Task.Delay(wait);
        }
    }

    /// <summary>One web process on the replicated city; returns the readings/s it acknowledged.</summary>
    private static async Task<double> RunOnceAsync(DirectoryInfo work, string city, int written, bool durable)
    {
        var state = durable ? "state-durable" : "state";
        var (http, mqtt, dll) = (LiveBenchmark.FreePort(), durable ? 0 : LiveBenchmark.FreePort(), LiveBenchmark.FindWebDll());
        await MachineLoad.WaitUntilQuietAsync();
        using var web = Process.Start(new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{http}", "--city", city,
            "--TwinCity:StateDirectory", Path.Combine(work.FullName, state), "--TwinCity:MqttPort", mqtt.ToString(CultureInfo.InvariantCulture),
            "--TwinCity:SiloPort", LiveBenchmark.FreePort().ToString(CultureInfo.InvariantCulture), "--TwinCity:GatewayPort", LiveBenchmark.FreePort().ToString(CultureInfo.InvariantCulture),
            "--TwinCity:Simulator:Enabled", "false", "--TwinCity:Silo:DurableReadings", durable ? "true" : "false", "--Logging:LogLevel:Default", "Warning"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        })!;
        var log = ProcessOutput.Drain(web);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}"), Timeout = TimeSpan.FromMinutes(5) };
            var catalogue = await LiveBenchmark.WaitForCityAsync(client);
            var tokens = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(Path.Combine(work.FullName, state, "tokens.json")))!;
            var buildings = await BuildingIdsAsync(client);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens["operator"]);
            var sensors = buildings.SelectMany((b, i) => new[] { ($"p{i}", b, "power_kw", "kW"), ($"t{i}", b, "indoor_temp_c", "Cel") }).ToArray();
            (await client.PutAsJsonAsync("/api/operators/benchmark/sensors", sensors.Select(s => new
            {
                id = s.Item1, entityId = s.b, metricId = s.Item3, unit = s.Item4, purpose = "benchmark", retentionDays = 1, countsPeople = false,
            }).ToArray())).EnsureSuccessStatusCode();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"HTTP ingestion at scale (web process, {sensors.Length:N0} sensors over {buildings.Count:N0} buildings of {written:N0} written, Monaco x{Copies}; {(durable ? "acknowledged once stored" : "latest values written behind")}):"));

            var rssBefore = LiveBenchmark.RssMegabytes(web.Id); // the city loaded and the sensors registered, nothing ingested
            if (LatencyOnlyLoad is { } load)
            {
                // The latency setting alone, quicker to repeat: the load runs for the warm-up before the probes start.
                var (latencyP50, latencyP99, probed) = await LatencyAsync(client, catalogue, buildings, http, mqtt, tokens["sensor"], load, WarmUp);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  publish -> SignalR frame, under ~{load:N0}/s MQTT load after {WarmUp.TotalSeconds:0} s of it alone: p50 {latencyP50:0} ms, p99 {latencyP99:0} ms ({probed} probes, 100 ms frames)"));
                LiveBenchmark.PrintLog(log);
                return double.NaN;
            }

            var (cpuBefore, clientCpuBefore) = (TimeSpan.Zero, TimeSpan.Zero);
            using var sampling = new CancellationTokenSource();
            var peakBacklog = SampleBacklogAsync(client, sampling.Token);
            var (warmRate, rate, seconds) = await PostPacksAsync(http, tokens["sensor"], sensors.Select(s => s.Item1).ToArray(), () =>
            {
                web.Refresh();
                (cpuBefore, clientCpuBefore) = (web.TotalProcessorTime, Process.GetCurrentProcess().TotalProcessorTime);
            });
            web.Refresh();
            var cpu = (web.TotalProcessorTime - cpuBefore).TotalSeconds / seconds;
            var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore).TotalSeconds / seconds;
            await sampling.CancelAsync();
            var peak = await peakBacklog;
            var caughtUp = await CatchUpAsync(client);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  POST /api/ingest, SenML packs of {PackSize:N0}, {Clients} clients, {Duration.TotalSeconds:0} s after {WarmUp.TotalSeconds:0} s of warm-up   {rate,10:N0} readings/s acknowledged (warm-up: {warmRate:N0}/s)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  the web process used {cpu:0.00} of {Environment.ProcessorCount} cores: {rate / cpu,10:N0} readings per CPU-second; the clients (this process) {clientCpu:0.00}"));
            if (peak is not null)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  entity grains behind the live tiles: at most {peak:N0} readings queued (sampled each second), all in their entities {caughtUp.TotalMilliseconds:N0} ms after the last acknowledgement"));
            }

            if (!durable && MqttToo)
            {
                // The same city and sensors over MQTT, one reading per publish (issue 4's second setting).
                cpuBefore = web.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var published = await LiveBenchmark.PublishRateAsync(mqtt, tokens["sensor"], [.. sensors.Select(s => s.Item1)], Duration, MqttPublishers);
                web.Refresh();
                cpu = (web.TotalProcessorTime - cpuBefore).TotalSeconds / clock.Elapsed.TotalSeconds;
                var mqttCaughtUp = await CatchUpAsync(client);

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  MQTT, one reading per publish (QoS 1), {MqttPublishers} connections, {Duration.TotalSeconds:0} s   {published,10:N0} readings/s acknowledged"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  the web process used {cpu:0.00} of {Environment.ProcessorCount} cores: {published / cpu,10:N0} readings per CPU-second; all in their tiles and entities {mqttCaughtUp.TotalMilliseconds:N0} ms after the last acknowledgement"));

                // The same publishes at QoS 0, which ask for no acknowledgement, so a connection streams them.
                cpuBefore = web.TotalProcessorTime;
                clock.Restart();
                var (streamed, drained) = await LiveBenchmark.StreamRateAsync(mqtt, tokens["sensor"], [.. sensors.Select(s => s.Item1)], Duration, MqttPublishers, () => LiveBenchmark.AppliedAsync(client));
                web.Refresh();
                cpu = (web.TotalProcessorTime - cpuBefore).TotalSeconds / clock.Elapsed.TotalSeconds;
                var streamCaughtUp = await CatchUpAsync(client);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  MQTT, one reading per publish (QoS 0), {MqttPublishers} connections, {Duration.TotalSeconds:0} s   {streamed,10:N0} readings/s applied"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  the web process used {cpu:0.00} of {Environment.ProcessorCount} cores: {streamed / cpu,10:N0} readings per CPU-second; the last publish applied {drained.TotalMilliseconds:N0} ms after the publishers stopped, all in their tiles and entities {streamCaughtUp.TotalMilliseconds:N0} ms later"));

                // The issue's latency setting: half that load over the same city, a client watching the probes' tiles.
                var (p50, p99, count) = await LatencyAsync(client, catalogue, buildings, http, mqtt, tokens["sensor"], published / 2, TimeSpan.Zero);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  publish -> SignalR frame at a client watching 20 tiles, under ~{published / 2:N0}/s MQTT load: p50 {p50:0} ms, p99 {p99:0} ms ({count} probes, 100 ms frames)"));
            }

            var rssAfter = LiveBenchmark.RssMegabytes(web.Id);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  web process RSS: {rssBefore:0} MB with the city and sensors loaded, {rssAfter:0} MB after the run: {(rssAfter - rssBefore) * 1024 / sensors.Length:0.0} KB per active sensor (its history ring, its building's activation and state, queues)"));
            LiveBenchmark.PrintLog(log);
            return rate;
        }
        finally
        {
            web.Kill(entireProcessTree: true);
            await web.WaitForExitAsync();
        }
    }

    /// <summary>Issue 4's latency setting on this city: probes on 20 watched tiles, the other power meters as the background load.</summary>
    private static async Task<(double P50, double P99, int Count)> LatencyAsync(HttpClient client, JsonElement catalogue, List<string> buildings, int http, int mqtt, string key, double load, TimeSpan warmUp)
    {
        var (probes, watched) = await ProbesAsync(client, catalogue, buildings);
        var background = buildings.Select((_, i) => $"p{i}").Except(probes.Select(p => p.Id)).Select(id => new LiveBenchmark.Sensor(id, "", -1));
        return await LiveBenchmark.LatencyAsync(http, mqtt, key, [.. probes, .. background], watched, load, ProbeCount, warmUp);
    }

    /// <summary>The largest backlog towards the entity grains seen once a second until cancelled; null for a server without the endpoint (an older build).</summary>
    private static async Task<long?> SampleBacklogAsync(HttpClient client, CancellationToken cancellationToken)
    {
        long? peak = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await BacklogAsync(client) is not { } queued)
            {
                return null;
            }

            peak = Math.Max(peak ?? 0, queued);
            await Task.Delay(1000, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        return peak;
    }

    /// <summary>100 power meters spread over 20 building tiles (5 features each), with their tile and feature, and those tiles.</summary>
    private static async Task<(List<LiveBenchmark.Sensor> Probes, List<string> Tiles)> ProbesAsync(HttpClient client, JsonElement city, List<string> buildings)
    {
        var index = buildings.Select((id, i) => (id, i)).ToDictionary(b => b.id, b => b.i, StringComparer.Ordinal);
        var candidates = city.GetProperty("tiles").EnumerateArray()
            .Where(t => (!t.TryGetProperty("layer", out var l) || l.GetString() == "buildings") && t.GetProperty("featureCount").GetInt32() >= 5)
            .Select(t => t.GetProperty("id").GetString()!)
            .ToList();
        var step = Math.Max(1, candidates.Count / 20); // spread over the city
        var tiles = candidates.Where((_, i) => i % step == 0).Take(20).ToList();
        var probes = new List<LiveBenchmark.Sensor>();
        foreach (var tile in tiles)
        {
            for (var feature = 0; feature < 5; feature++)
            {
                var entity = (await client.GetFromJsonAsync<JsonElement>($"/api/tiles/{tile}/features/{feature}")).GetProperty("info").GetProperty("id").GetString()!;
                probes.Add(new LiveBenchmark.Sensor($"p{index[entity]}", tile, feature));
            }
        }

        return (probes, tiles);
    }

    /// <summary>How long until every acknowledged reading is in its entity and tile (the backlog is empty).</summary>
    private static async Task<TimeSpan> CatchUpAsync(HttpClient client)
    {
        var clock = Stopwatch.StartNew();
        while (await BacklogAsync(client) > 0)
        {
            await Task.Delay(10);
        }

        return clock.Elapsed;
    }

    /// <summary>Readings acknowledged and not yet in their entities or tiles; null for a server without the endpoint (an older build).</summary>
    private static async Task<long?> BacklogAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/ingest/backlog");
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var backlog = await response.Content.ReadFromJsonAsync<JsonElement>();
        return backlog.GetProperty("readingsQueued").GetInt64()
            + (backlog.TryGetProperty("liveValuesQueued", out var live) ? live.GetInt64() : 0);
    }

    /// <summary>Monaco's buildings, copied on a grid of 0.05° by 0.035° (no overlap), each copy with its own ids.</summary>
    private static async Task<int> WriteReplicatedCityAsync(string path)
    {
        var monaco = JsonNode.Parse(await File.ReadAllTextAsync(DataFolder.GetPath("derived/monaco-buildings.geojson")))!;
        var features = new JsonArray();
        for (var copy = 0; copy < Copies; copy++)
        {
            var (dx, dy) = (copy % 6 * 0.05, copy / 6 * 0.035);
            foreach (var feature in monaco["features"]!.AsArray())
            {
                var clone = feature!.DeepClone().AsObject();
                var properties = clone["properties"]!.AsObject();
                clone["id"] = $"{copy}-{properties["@type"]}-{properties["@id"]}";
                properties.Remove("@type");
                properties.Remove("@id");
                Shift(clone["geometry"]!["coordinates"]!, dx, dy);
                features.Add(clone);
            }
        }

        await File.WriteAllTextAsync(path, new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }.ToJsonString());
        return features.Count;
    }

    private static void Shift(JsonNode node, double dx, double dy)
    {
        var array = node.AsArray();
        if (array.Count >= 2 && array[0] is JsonValue)
        {
            array[0] = array[0]!.GetValue<double>() + dx;
            array[1] = array[1]!.GetValue<double>() + dy;
            return;
        }

        foreach (var child in array)
        {
            Shift(child!, dx, dy);
        }
    }

    private static async Task<List<string>> BuildingIdsAsync(HttpClient client)
    {
        var csv = await client.GetStringAsync("/api/export/entities.csv");
        return [.. csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line[..line.IndexOf(',', StringComparison.Ordinal)])];
    }

    /// <summary>
    /// Posts packs for <see cref="WarmUp"/>, then calls <paramref name="measuring"/> and posts for <see cref="Duration"/>:
    /// the rate during the warm-up, and the rate after it over how many seconds.
    /// </summary>
    private static async Task<(double WarmRate, double Rate, double Seconds)> PostPacksAsync(int port, string key, string[] sensors, Action measuring)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        long acked = 0, refused = 0, next = 0;
        string? firstRefusal = null;

        // What a record says before its time, as UTF-8, made once: the clients share the machine, so they must cost little.
        var heads = sensors.Select(id => Encoding.UTF8.GetBytes($"{{\"n\":\"{id}\",\"t\":")).ToArray();
        var clock = Stopwatch.StartNew();
        var warmedUp = Task.Run(async () =>
        {
            await Task.Delay(WarmUp);
            var (ackedThen, at) = (Interlocked.Read(ref acked), clock.Elapsed.TotalSeconds);
            measuring();
            return (ackedThen, at);
        });
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            var pack = new ArrayBufferWriter<byte>(PackSize * 48);
            var (round, time) = (-1L, new byte[32]);
            var timeLength = 0;
            while (clock.Elapsed < WarmUp + Duration)
            {
                // Readings n.. n+PackSize of an endless round over the sensors: round r is at start + r ms.
                var first = Interlocked.Add(ref next, PackSize) - PackSize;
                pack.ResetWrittenCount();
                Write(pack, "[");
                for (var n = first; n < first + PackSize; n++)
                {
                    if (n / sensors.Length != round)
                    {
                        round = n / sensors.Length;
                        Utf8Formatter.TryFormat(start.AddMilliseconds(round).ToUnixTimeMilliseconds() / 1000.0, time, out timeLength, new StandardFormat('F', 3));
                    }

                    if (n != first)
                    {
                        Write(pack, ",");
                    }

                    pack.Write(heads[n % sensors.Length]);
                    pack.Write(time.AsSpan(0, timeLength));
                    Write(pack, ",\"v\":");
                    Utf8Formatter.TryFormat(n % 250, pack.GetSpan(16), out var written);
                    pack.Advance(written);
                    Write(pack, "}");
                }

                Write(pack, "]");
                using var content = new ReadOnlyMemoryContent(pack.WrittenMemory);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/senml+json");
                using var response = await client.PostAsync("/api/ingest", content);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Add(ref acked, PackSize);
                }
                else
                {
                    Interlocked.Add(ref refused, PackSize);
                    firstRefusal ??= await response.Content.ReadAsStringAsync();
                }
            }
        })));
        var (warmAcked, warmSeconds) = await warmedUp;
        var seconds = clock.Elapsed.TotalSeconds - warmSeconds;
        if (refused > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ({refused:N0} readings in refused packs; first: {firstRefusal?[..Math.Min(200, firstRefusal.Length)]})"));
        }

        return (warmAcked / warmSeconds, (acked - warmAcked) / seconds, seconds);
    }

    private static void Write(ArrayBufferWriter<byte> buffer, string ascii)
    {
        var span = buffer.GetSpan(ascii.Length);
        for (var i = 0; i < ascii.Length; i++)
        {
            span[i] = (byte)ascii[i];
        }

        buffer.Advance(ascii.Length);
    }
}
