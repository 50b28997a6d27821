using Microsoft.Playwright;

namespace TwinCity.Web.Tests.Browser;

/// <summary>
/// A viewer page in its own browser context: records every request and console error, and waits
/// for <c>window.twincity.ready</c> with the hook's state in the timeout message.
/// </summary>
public sealed class ViewerPage : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private ViewerPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Request += (_, request) => Requests.Add(request.Url);
        page.WebSocket += (_, socket) => Requests.Add(socket.Url);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                ConsoleErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => ConsoleErrors.Add("uncaught: " + error);
    }

    /// <summary>The browser context (one per page, so pages share nothing).</summary>
    public IBrowserContext Context { get; }

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>Every URL the page requested, WebSockets included.</summary>
    public List<string> Requests { get; } = [];

    /// <summary>Console errors the page logged.</summary>
    public List<string> ConsoleErrors { get; } = [];

    /// <summary>Opens a context; <paramref name="setup"/> can add routes or scripts before navigation.</summary>
    public static async Task<ViewerPage> NewAsync(IBrowser browser, BrowserNewContextOptions? options = null)
    {
        var context = await browser.NewContextAsync(options ?? new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1024, Height = 700 } });
        return new ViewerPage(context, await context.NewPageAsync());
    }

    /// <summary>Navigates and waits until the viewer reports ready.</summary>
    public async Task OpenAsync(string url)
    {
        await Page.GotoAsync(url);
        await WaitAsync("() => window.twincity && window.twincity.ready === true", $"ready at {url}");
    }

    /// <summary>Waits for a page condition; the timeout says which phase and the hook's state.</summary>
    public async Task WaitAsync(string condition, string phase, TimeSpan? timeout = null)
    {
        var limit = timeout ?? ReadyTimeout;
        try
        {
            await Page.WaitForFunctionAsync(condition, null, new PageWaitForFunctionOptions { Timeout = (float)limit.TotalMilliseconds, PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            var state = await Page.EvaluateAsync<string>("() => JSON.stringify(window.twincity ?? null)");
            throw new TimeoutException($"{phase}: expected {condition} within {limit}, state {state}; console errors: {string.Join(" | ", ConsoleErrors)}");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
