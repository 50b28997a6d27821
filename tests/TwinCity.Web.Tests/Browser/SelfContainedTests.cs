using System.IO.Compression;
using System.Text.RegularExpressions;
using TwinCity.Web.Auth;
using Xunit.Abstractions;

namespace TwinCity.Web.Tests.Browser;

/// <summary>The viewer works with no internet: nothing leaves the twin's own origin, and the initial download stays small.</summary>
[Collection(AppCollection.Name)]
public sealed partial class SelfContainedTests(TwinCityAppFixture app, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    /// <summary>The issue's budget for the initial JS + CSS, gzipped.</summary>
    private const long BudgetBytes = 600 * 1024;

    [Theory]
    [InlineData("public")]
    [InlineData("operator")]
    [InlineData("planner")]
    [InlineData("exhibit")]
    [InlineData("2d")]
    public async Task No_request_leaves_the_twin_in_any_mode(string mode)
    {
        var url = mode switch
        {
            "operator" or "planner" => $"{app.BaseAddress}?mode={mode}&token={Uri.EscapeDataString(app.Tokens.Tokens[mode])}",
            "2d" => $"{app.BaseAddress}?view=2d",
            "public" => app.BaseAddress.ToString(),
            _ => $"{app.BaseAddress}?mode={mode}",
        };
        await using var viewer = await ViewerPage.NewAsync(browser.Browser);
        await viewer.OpenAsync(url);
        // Use it: open a feature (panel, entity, history requests) and, in 3D, the table.
        await viewer.Page.Locator("canvas").FocusAsync();
        await viewer.Page.Keyboard.PressAsync("n");
        await viewer.Page.Keyboard.PressAsync("Enter");
        await viewer.WaitAsync("() => twincity.selected && twincity.selected.id", $"{mode}: a feature opened");

        var origin = app.BaseAddress.GetLeftPart(UriPartial.Authority);
        var socketOrigin = origin.Replace("http://", "ws://", StringComparison.Ordinal);
        var outside = viewer.Requests.Where(u => !u.StartsWith(origin + "/", StringComparison.Ordinal) && !u.StartsWith(socketOrigin + "/", StringComparison.Ordinal)
            && !u.StartsWith("data:", StringComparison.Ordinal) && !u.StartsWith("blob:", StringComparison.Ordinal)).ToList();
        output.WriteLine($"{mode}: {viewer.Requests.Count} requests, {outside.Count} outside {origin}");
        Assert.Contains(viewer.Requests, u => u.StartsWith(socketOrigin, StringComparison.Ordinal));
        Assert.Empty(outside);
        Assert.Empty(viewer.ConsoleErrors);
    }

    [Fact]
    public void Initial_js_and_css_stay_within_600_kb_gzipped()
    {
        var wwwroot = Path.Combine(RepoPaths.Web, "wwwroot");
        var html = File.ReadAllText(Path.Combine(wwwroot, "index.html"));
        var files = AssetReference().Matches(html).Select(m => m.Groups["path"].Value).Distinct().ToList();
        Assert.Contains(files, f => f.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".css", StringComparison.Ordinal));

        long raw = 0, gzipped = 0;
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(Path.Combine(wwwroot, file.TrimStart('/')));
            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            {
                gzip.Write(bytes);
            }

            raw += bytes.Length;
            gzipped += buffer.Length;
            output.WriteLine($"{file}: {bytes.Length / 1024.0:F1} KiB, {buffer.Length / 1024.0:F1} KiB gzipped");
        }

        output.WriteLine($"initial JS+CSS: {raw / 1024.0:F1} KiB, {gzipped / 1024.0:F1} KiB gzipped (budget {BudgetBytes / 1024} KiB)");
        Assert.True(gzipped <= BudgetBytes, $"initial JS+CSS is {gzipped / 1024.0:F1} KiB gzipped, over the {BudgetBytes / 1024} KiB budget ({string.Join(", ", files)})");
        Assert.DoesNotMatch("https?://(?!localhost|127\\.0\\.0\\.1)", html);
    }

    /// <summary>Scripts, stylesheets and module preloads that index.html loads at start.</summary>
    [GeneratedRegex("""<(?:script[^>]*\ssrc|link[^>]*\shref)="(?<path>/[^"]+\.(?:js|css))""")]
    private static partial Regex AssetReference();
}
