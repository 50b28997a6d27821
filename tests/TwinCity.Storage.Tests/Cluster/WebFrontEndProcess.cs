using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace TwinCity.Storage.Tests.Cluster;

/// <summary>The web project as a real process in cluster mode: an Orleans client of the silos.</summary>
public sealed class WebFrontEndProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _state;
    private readonly ConcurrentQueue<string> _output = new();

    private WebFrontEndProcess(Process process, string state, Uri address)
    {
        _process = process;
        _state = state;
        Address = address;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Where it listens.</summary>
    public Uri Address { get; }

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>What it printed (for failure messages).</summary>
    public string Output => string.Join('\n', _output.TakeLast(40));

    /// <summary>Starts it against the cluster and waits until its city is loaded.</summary>
    public static async Task<WebFrontEndProcess> StartAsync(string redis, string blobs, string container)
    {
        var root = AzuriteFixture.RepositoryRoot();
        var dll = Path.Combine(root, "web", "bin", SiloProcess.Configuration(), "net10.0", "TwinCity.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the web project first (dotnet build TwinCity.sln).");
        }

        var port = SiloProcess.FreePort();
        var state = Path.Combine(Path.GetTempPath(), "twincity-web-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.Combine(root, "web") };
        foreach (var argument in new[]
        {
            dll, "--urls", $"http://127.0.0.1:{port}",
            "--TwinCity:StateDirectory", state,
            "--TwinCity:MqttPort", "0",
            "--TwinCity:Cluster:Redis", redis,
            "--TwinCity:Cluster:BlobConnectionString", blobs,
            "--TwinCity:Cluster:BlobContainer", container,
            "--Logging:LogLevel:Default", "Warning",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the web front end.");
        var web = new WebFrontEndProcess(process, state, new Uri($"http://127.0.0.1:{port}"));
        await SiloProcess.WaitForPortAsync(process, port, "web front end", () => web.Output);
        return web;
    }

    /// <summary>An HTTP client with the operator's token (read from the front end's state folder).</summary>
    public HttpClient OperatorClient() => ClientAs("operator");

    /// <summary>An HTTP client with the token of <paramref name="role"/> (read from the front end's state folder).</summary>
    public HttpClient ClientAs(string role)
    {
        var tokens = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(_state, "tokens.json")))!;
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens[role]);
        return client;
    }

    /// <summary>Waits until the catalogue lists tiles (the city is loaded).</summary>
    public async Task<JsonElement> WaitForCityAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        var last = "none";
        while (true)
        {
            try
            {
                var city = JsonSerializer.Deserialize<JsonElement>(await client.GetStringAsync("/api/city"));
                if (city.TryGetProperty("tiles", out var tiles) && tiles.GetArrayLength() > 0)
                {
                    return city;
                }
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message; // 503 while the city loads
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Loading the city through the cluster: expected tiles within 4 minutes, found none (last answer: {last}). {Output}");
            }

            await Task.Delay(250);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (Directory.Exists(_state))
        {
            Directory.Delete(_state, recursive: true);
        }
    }
}
