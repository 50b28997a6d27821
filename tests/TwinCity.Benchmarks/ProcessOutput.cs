using System.Diagnostics;

namespace TwinCity.Benchmarks;

/// <summary>
/// Reads a child process's standard output and error as they come, keeping its last warnings. A
/// redirected stream nobody reads fills its pipe (64 KB), and then the child's console logger blocks, and
/// with it every thread that logs: an unread web process stopped answering after a few minutes of
/// warnings under load, and an HTTP benchmark request timed out after 100 s.
/// Set <c>TWINCITY_BENCH_WEB_LOG</c> to a file name to keep every line the child wrote there (with
/// <c>Logging__Console__TimestampFormat</c>, say <c>"HH:mm:ss.fff "</c>, to see when).
/// </summary>
internal sealed class ProcessOutput
{
    private const int Kept = 5;
    private readonly Queue<string> _last = new();
    private int _warnings;
    private bool _inWarning;
    private StreamWriter? _copy;

    private ProcessOutput()
    {
    }

    /// <summary>Entries logged at Warning or above so far (the console logger's <c>warn:</c>, <c>fail:</c>, <c>crit:</c>).</summary>
    public int Warnings => Volatile.Read(ref _warnings);

    /// <summary>Starts reading both streams of <paramref name="process"/>, which must redirect them.</summary>
    public static ProcessOutput Drain(Process process)
    {
        var output = new ProcessOutput();
        if (Environment.GetEnvironmentVariable("TWINCITY_BENCH_WEB_LOG") is { Length: > 0 } file)
        {
            output._copy = new StreamWriter(file, append: true) { AutoFlush = true };
        }

        process.OutputDataReceived += (_, line) => output.Add(line.Data);
        process.ErrorDataReceived += (_, line) => output.Add(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return output;
    }

    /// <summary>The last few warnings, each its category and message.</summary>
    public string[] Last()
    {
        lock (_last)
        {
            return [.. _last];
        }
    }

    private void Add(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (_last)
        {
            _copy?.WriteLine(line);
            if (line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
            {
                _warnings++;
                _inWarning = true;
                _last.Enqueue(line.Trim());
                if (_last.Count > Kept)
                {
                    _last.Dequeue();
                }
            }
            else if (_inWarning && char.IsWhiteSpace(line[0]) && _last.Count > 0)
            {
                // The message lines of the entry: kept with its head, shortened.
                var entry = _last.ToArray();
                entry[^1] = entry[^1] + " " + line.Trim();
                entry[^1] = entry[^1].Length > 300 ? entry[^1][..300] + "…" : entry[^1];
                _last.Clear();
                foreach (var kept in entry)
                {
                    _last.Enqueue(kept);
                }
            }
            else
            {
                _inWarning = false;
            }
        }
    }
}
