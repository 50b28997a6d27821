using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TwinCity.Silo.Persistence;

namespace TwinCity.Storage.Tests;

/// <summary>
/// Starts Azurite's blob service (npm <c>azurite</c>, installed by <c>npm ci</c> in tests/tools) on a
/// free loopback port with its data in a temporary folder, and stops it at the end. It can be
/// stopped and started again on the same port and data, for the outage tests.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    // Azurite's documented development account: a public, well-known key, not a secret.
    private const string Account = "devstoreaccount1";
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _location = Path.Combine(Path.GetTempPath(), "twincity-azurite-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    /// <summary>The loopback port Azurite listens on.</summary>
    public int Port { get; } = FreePort();

    /// <summary>Connection string for the Azure SDK.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};BlobEndpoint=http://127.0.0.1:{Port}/{Account};";

    /// <inheritdoc />
    public Task InitializeAsync() => StartAsync();

    /// <summary>Starts (or restarts) Azurite and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var script = Path.Combine(RepositoryRoot(), "tests", "tools", "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed: {script} is missing. Run 'npm ci' in tests/tools (.ci/run does).");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { script, "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--location", _location, "--skipApiVersionCheck", "--loose", "--silent" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start Azurite.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} while starting on port {Port}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>
    /// Stops Azurite with SIGTERM, keeping its data folder. Not kill -9: Azurite keeps its metadata in
    /// memory and saves it every few seconds, so a killed Azurite forgets recent containers, which a
    /// real storage account never does; that would test the emulator, not us.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            using (var signal = Process.Start("kill", ["-s", "TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await signal.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>A store over a new, empty container.</summary>
    public Task<AzureBlobStore> NewStoreAsync() =>
        AzureBlobStore.CreateAsync(ConnectionString, "test-" + Guid.NewGuid().ToString("N"));

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TwinCity.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"TwinCity.sln not found above {AppContext.BaseDirectory}.");
    }
}
