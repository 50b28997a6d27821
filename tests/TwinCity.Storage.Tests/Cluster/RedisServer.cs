using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TwinCity.Storage.Tests.Cluster;

/// <summary>Debian's redis-server on a free loopback port, without persistence, for the membership table.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>Connection string for StackExchange.Redis.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts it and waits until it accepts connections.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        var executable = File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : "redis-server";
        var port = SiloProcess.FreePort();
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", Path.GetTempPath() })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start (apt install redis-server; .ci/run does).");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await SiloProcess.WaitForPortAsync(process, port, "redis-server");
        return new RedisServer(process, port);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
