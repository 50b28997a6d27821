using Microsoft.Playwright;

namespace TwinCity.Web.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download: the executable comes from the
/// system, <c>TWINCITY_CHROMIUM</c> overrides it). WebGL runs on SwiftShader, as on a machine without a GPU.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    /// <summary>The running browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("TWINCITY_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException($"Browser tests need Chromium at {executable} (apt-get install chromium, or set TWINCITY_CHROMIUM).");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
