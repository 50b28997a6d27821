using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TwinCity.Storage.Tests.Cluster;

/// <summary>One silo on its own (silo/Program.cs) as a real process, which the tests can kill -9.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(Process process, int gatewayPort)
    {
        _process = process;
        GatewayPort = gatewayPort;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The port clients connect to.</summary>
    public int GatewayPort { get; }

    /// <summary>What the silo printed (for failure messages).</summary>
    public string Output => string.Join('\n', _output.TakeLast(40));

    /// <summary>Starts a silo that joins the cluster of <paramref name="redis"/> and stores state in <paramref name="blobs"/>.</summary>
    public static async Task<SiloProcess> StartAsync(string redis, string blobs, string container)
    {
        var siloDll = Path.Combine(AzuriteFixture.RepositoryRoot(), "silo", "bin", Configuration(), "net10.0", "TwinCity.Silo.dll");
        var gateway = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            siloDll,
            "--TwinCity:Cluster:Redis", redis,
            "--TwinCity:Cluster:BlobConnectionString", blobs,
            "--TwinCity:Cluster:BlobContainer", container,
            "--TwinCity:Cluster:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture),
            "--TwinCity:Cluster:GatewayPort", gateway.ToString(CultureInfo.InvariantCulture),
            // Fast failure detection so a killed silo is declared dead in seconds, not a minute.
            "--TwinCity:Cluster:Membership:ProbeTimeout", "00:00:01",
            "--TwinCity:Cluster:Membership:NumMissedProbesLimit", "2",
            "--TwinCity:Cluster:Membership:NumVotesForDeathDeclaration", "1",
            "--TwinCity:Silo:StateFlushInterval", "00:00:00.200",
            "--TwinCity:Simulator:Enabled", "false",
            "--Logging:LogLevel:Default", "Warning",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the silo.");
        var silo = new SiloProcess(process, gateway);
        await WaitForPortAsync(process, gateway, "silo gateway", () => silo.Output);
        return silo;
    }

    /// <summary>kill -9: no shutdown, no deactivation, no last write.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static async Task WaitForPortAsync(Process process, int port, string what, Func<string>? output = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{what} exited with code {process.ExitCode} before listening on {port}: {output?.Invoke()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (SocketException ex)
            {
                throw new TimeoutException($"{what}: expected it listening on {port} within 60 s, found nothing: {output?.Invoke()}", ex);
            }
        }
    }

    internal static string Configuration()
    {
        var parts = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var bin = Array.LastIndexOf(parts, "bin");
        return bin >= 0 && bin + 1 < parts.Length ? parts[bin + 1] : "Debug";
    }
}
