using System.Diagnostics;

namespace TwinCity.Web.Tests.Viewer;

/// <summary>
/// Runs the viewer's Vitest suite (frame decoding, colour mapping, subscription bookkeeping) from
/// <c>dotnet test</c>, so the README's single test command covers the TypeScript code too.
/// </summary>
public sealed class ViewerUnitTests
{
    [Fact]
    public async Task Viewer_unit_tests_pass()
    {
        var viewer = Path.Combine(RepoPaths.Web, "viewer");
        Assert.True(Directory.Exists(Path.Combine(viewer, "node_modules")), $"{viewer}/node_modules is missing: building the web project runs npm ci");
        using var process = Process.Start(new ProcessStartInfo("npm", ["test", "--", "--reporter=dot"])
        {
            WorkingDirectory = viewer,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["CI"] = "1", ["NO_COLOR"] = "1" },
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(process.ExitCode == 0, $"npm test exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        Assert.Contains("passed", await stdout, StringComparison.Ordinal);
    }
}
