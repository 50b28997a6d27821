using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TwinCity.Web.Tests.Hosting;

public sealed class StartupTests
{
    [Fact]
    public async Task Without_a_data_folder_the_twin_keeps_serving_and_says_which_file_to_pass()
    {
        var empty = Directory.CreateTempSubdirectory("twincity-nodata-");
        var port = FreePort();
        var output = new StringBuilder();
        var sawHint = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process
        {
            StartInfo = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TwinCity.Web.dll"), "--urls", $"http://127.0.0.1:{port}",
                "--TwinCity:StateDirectory", Path.Combine(empty.FullName, "state"), "--TwinCity:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--TwinCity:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--TwinCity:MqttPort", "0"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = RepoPaths.Web,
                Environment = { ["TWINCITY_DATA"] = Path.Combine(empty.FullName, "missing") },
            },
        };
        DataReceivedEventHandler collect = (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.Contains("--city <file.osm.pbf>", StringComparison.Ordinal) == true)
            {
                sawHint.TrySetResult();
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await sawHint.Task.WaitAsync(TimeSpan.FromSeconds(60));

            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var response = await client.GetAsync("/api/city");
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("TWINCITY_DATA", body);
            Assert.Contains("--city", body);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Start without data: expected a hint naming --city within 60 s; output was:\n{output}");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            empty.Delete(recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
