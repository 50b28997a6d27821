using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using TwinCity.Models.Entities;
using TwinCity.Models.Storage;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Grains;
using TwinCity.Silo.Persistence;

namespace TwinCity.Benchmarks;

/// <summary>
/// Grain-state writes per second through <see cref="BlobGrainStorage"/> (serialise + conditional
/// write) to the folder store and to a real Azurite, each against the reference of raw unconditional
/// writes of the same bytes to the same store in the same run; and the cold start of a 100,000-building
/// twin: reading every building's state back through the provider, against raw file reads.
/// </summary>
internal static class StorageBenchmark
{
    private const int Concurrency = 64;

    public static async Task RunAsync(int buildings, int azuriteWrites)
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var root = Path.Combine(Path.GetTempPath(), "twincity-bench-storage-" + Guid.NewGuid().ToString("N"));
        try
        {
            var folder = new LocalFolderBlobStore(root);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Storage: {buildings:N0} building states, {Concurrency} writes in flight:"));
            await WritesAsync("folder store", folder, serializer, buildings);
            await ColdStartAsync(folder, serializer, buildings);

            var azurite = await Azurite.StartAsync();
            try
            {
                var store = await AzureBlobStore.CreateAsync(azurite.ConnectionString, "bench");
                await WritesAsync("Azurite", store, serializer, azuriteWrites);
            }
            finally
            {
                azurite.Dispose();
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task WritesAsync(string label, IConditionalBlobStore store, Serializer serializer, int count)
    {
        var storage = new BlobGrainStorage("bench", store, serializer, NullLogger<BlobGrainStorage>.Instance);
        var ids = Enumerable.Range(0, count).Select(i => GrainId.Create("building", $"osm:way/{i}")).ToArray();
        var states = ids.Select(id => new GrainState<BuildingState>(State(id.Key.ToString()!))).ToArray();

        // Reference: the same bytes, written raw and unconditionally under the same names.
        var bytes = states.Select(s => serializer.SerializeToArray(s.State)).ToArray();
        var raw = await TimeAsync(count, i => store.WriteAsync(BlobGrainStorage.NameOf("building", ids[i]) + "-raw", bytes[i]));
        var first = await TimeAsync(count, i => storage.WriteStateAsync("building", ids[i], states[i]));
        foreach (var state in states)
        {
            state.State!.Metrics.Apply(new MetricReading(0, state.State.Metrics.ValueOf(0).GetValueOrDefault() + 1, DateTimeOffset.UtcNow));
        }

        var update = await TimeAsync(count, i => storage.WriteStateAsync("building", ids[i], states[i]));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label}: raw writes (reference)          {count / raw,10:N0} writes/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label}: grain state, first write       {count / first,10:N0} writes/s  ({raw / first:0.00}x the reference rate)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label}: grain state, ETag-checked update {count / update,8:N0} writes/s  ({raw / update:0.00}x the reference rate)"));
    }

    private static async Task ColdStartAsync(IConditionalBlobStore store, Serializer serializer, int count)
    {
        var storage = new BlobGrainStorage("bench", store, serializer, NullLogger<BlobGrainStorage>.Instance);
        var ids = Enumerable.Range(0, count).Select(i => GrainId.Create("building", $"osm:way/{i}")).ToArray();
        var root = ((LocalFolderBlobStore)store).Root;
        var raw = await TimeAsync(count, i => File.ReadAllBytesAsync(Path.Combine(root, BlobGrainStorage.NameOf("building", ids[i]) + "-raw")));
        var ours = await TimeAsync(count, async i =>
        {
            var state = new GrainState<BuildingState>();
            await storage.ReadStateAsync("building", ids[i], state);
            if (state.State!.Info is null)
            {
                throw new InvalidOperationException($"building {ids[i]}: state lost");
            }
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  cold start, {count:N0} states: raw file reads (reference) {raw,6:0.00} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  cold start, {count:N0} states: through the provider      {ours,6:0.00} s  ({ours / raw:0.00}x the reference time)"));
    }

    private static BuildingState State(string id) => new()
    {
        Info = new BuildingInfo(id, null, 12.5, 0, false, 140.2, "t/0/0", 17, new Dictionary<string, string> { ["building"] = "yes" }),
        Metrics = new EntityMetrics { Values = [12.5, 21.0, 3], Ticks = [1, 1, 1] },
    };

    // Seconds to run action(0..count-1) with Concurrency calls in flight.
    private static async Task<double> TimeAsync(int count, Func<int, Task> action)
    {
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            await Task.Yield();
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await action(i);
            }
        }));
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>Azurite's blob service on a free loopback port (npm ci in tests/tools installs it).</summary>
    private sealed class Azurite : IDisposable
    {
        private readonly Process _process;
        private readonly string _location;

        private Azurite(Process process, string location, int port)
        {
            _process = process;
            _location = location;
            ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
        }

        public string ConnectionString { get; }

        public static async Task<Azurite> StartAsync()
        {
            var script = Path.Combine(RepoRoot(), "tests", "tools", "node_modules", "azurite", "dist", "src", "blob", "main.js");
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }

            var location = Path.Combine(Path.GetTempPath(), "twincity-bench-azurite-" + Guid.NewGuid().ToString("N"));
            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { script, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture), "--location", location, "--skipApiVersionCheck", "--loose", "--silent" })
            {
                start.ArgumentList.Add(a);
            }

            var process = Process.Start(start)!;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    return new Azurite(process, location, port);
                }
                catch (SocketException) when (attempt < 300 && !process.HasExited)
                {
                    await Task.Delay(100);
                }
            }
        }

        public void Dispose()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            Directory.Delete(_location, recursive: true);
        }

        private static string RepoRoot()
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "TwinCity.sln")))
                {
                    return d.FullName;
                }
            }

            throw new InvalidOperationException("TwinCity.sln not found.");
        }
    }
}
