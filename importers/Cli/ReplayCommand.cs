using System.Globalization;
using TwinCity.Importers.Errors;

namespace TwinCity.Importers.Cli;

/// <summary>
/// <c>dotnet run --project importers -- replay &lt;csv|csv.gz&gt; --broker host:port --speed N [--user U] [--token KEY] [--limit N]</c>:
/// replays the Cologne traffic-state series into a twin over MQTT (<see cref="TrafficReplay"/>), with progress on
/// stderr and a summary of what was published, acknowledged and refused.
/// </summary>
public static class ReplayCommand
{
    private const string Usage = """
        usage: replay <file.csv|file.csv.gz> [--broker <host:port>] [--speed <N>] [--user <name>] [--token <sensor key>] [--limit <N>]
          <file>    Cologne traffic states (datetime_utc,identifier,auslastung,valid), e.g. koeln-traffic-load_2013-02-11_to_13.csv
          --broker  the twin's MQTT broker (default 127.0.0.1:1883)
          --speed   multiple of real time (default 60: an hour of readings per minute)
          --token   the twin's sensor key (printed at its first start; MQTT password)
          --limit   stop after this many readings
        """;

    /// <summary>Entry point. Exit codes: 0 every reading acknowledged, 1 usage, 2 the file or broker failed, 3 some readings refused.</summary>
    public static async Task<int> Main(string[] args, TextWriter? output = null, TextWriter? errors = null)
    {
        output ??= Console.Out;
        errors ??= Console.Error;
        string? problem = null;
        if (args.Length < 2 || args[0] != "replay" || !TryParse(args[1], args[2..], out var settings, out problem))
        {
            await errors.WriteLineAsync((problem is null ? "" : $"replay: {problem}{Environment.NewLine}") + Usage);
            return 1;
        }

        ReplaySummary summary;
        try
        {
            summary = await new TrafficReplay(settings).RunAsync(line => errors.WriteLine(line));
        }
        catch (Exception ex) when (ex is ImportException or IOException or MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Adapter.MqttConnectingFailedException)
        {
            await errors.WriteLineAsync($"replay failed: {ex.Message}");
            return 2;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
            replayed {Path.GetFileName(settings.File)} ({summary.FirstRecorded:yyyy-MM-dd HH:mm} – {summary.LastRecorded:yyyy-MM-dd HH:mm} UTC) at {settings.Speed}x in {summary.Elapsed.TotalSeconds:0.0} s
            published {summary.Published}, acknowledged {summary.Acknowledged}, refused {summary.Refused}, skipped invalid {summary.SkippedInvalid}
            """));
        if (summary.FirstRefusal is { } first)
        {
            await output.WriteLineAsync($"first refusal: {first}");
        }

        return summary.Refused == 0 ? 0 : 3;
    }

    private static bool TryParse(string file, string[] args, out ReplaySettings settings, out string? problem)
    {
        settings = null!;
        problem = null;
        var options = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || args[i] is not ("--broker" or "--speed" or "--user" or "--token" or "--limit"))
            {
                problem = $"unknown or incomplete option '{args[i]}'";
                return false;
            }

            options[args[i]] = args[i + 1];
        }

        var broker = options.GetValueOrDefault("--broker", "127.0.0.1:1883");
        var colon = broker.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(broker[(colon + 1)..], CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            problem = $"--broker '{broker}': expected host:port";
            return false;
        }

        var speed = 60.0;
        if (options.TryGetValue("--speed", out var s) && (!double.TryParse(s, CultureInfo.InvariantCulture, out speed) || !double.IsFinite(speed) || speed <= 0))
        {
            problem = $"--speed '{s}': expected a positive number";
            return false;
        }

        var limit = long.MaxValue;
        if (options.TryGetValue("--limit", out var l) && (!long.TryParse(l, CultureInfo.InvariantCulture, out limit) || limit < 1))
        {
            problem = $"--limit '{l}': expected a positive whole number";
            return false;
        }

        if (!File.Exists(file))
        {
            problem = $"file '{file}' not found";
            return false;
        }

        settings = new ReplaySettings
        {
            File = file,
            Host = broker[..colon],
            Port = port,
            Speed = speed,
            User = options.GetValueOrDefault("--user", "twincity-replay"),
            Password = options.GetValueOrDefault("--token"),
            Limit = limit,
        };
        return true;
    }
}
