using System.Diagnostics;

namespace TwinCity.Importers.Tests;

/// <summary>Runs a real process to the end and returns its exit code and output.</summary>
internal static class ProcessRun
{
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string program, IEnumerable<string> args, string? workingDirectory = null)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args)
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout, await stderr);
    }
}
