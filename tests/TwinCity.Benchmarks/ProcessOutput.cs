using System.Diagnostics;

namespace TwinCity.Benchmarks;

/// <summary>
/// Reads a child process's standard output and error as they come, keeping the last lines. A redirected
/// stream nobody reads fills its pipe (64 KB), and then the child's console logger blocks, and with it
/// every thread that logs: an unread web process stopped answering after a few minutes of warnings
/// under load, and an HTTP benchmark request timed out after 100 s.
/// </summary>
internal sealed class ProcessOutput
{
    private const int Kept = 10;
    private readonly Queue<string> _last = new();
    private int _lines;

    private ProcessOutput()
    {
    }

    /// <summary>Lines written so far (at the log level the child was started with).</summary>
    public int Lines => Volatile.Read(ref _lines);

    /// <summary>Starts reading both streams of <paramref name="process"/>, which must redirect them.</summary>
    public static ProcessOutput Drain(Process process)
    {
        var output = new ProcessOutput();
        process.OutputDataReceived += (_, line) => output.Add(line.Data);
        process.ErrorDataReceived += (_, line) => output.Add(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return output;
    }

    /// <summary>The last few lines written.</summary>
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

        Interlocked.Increment(ref _lines);
        lock (_last)
        {
            _last.Enqueue(line.Length > 300 ? line[..300] + "…" : line);
            if (_last.Count > Kept)
            {
                _last.Dequeue();
            }
        }
    }
}
