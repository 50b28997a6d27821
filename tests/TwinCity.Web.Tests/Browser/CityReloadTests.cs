using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using TwinCity.Importers.Sources;
using TwinCity.Web.Auth;
using TwinCity.Web.Tests.Apis;

namespace TwinCity.Web.Tests.Browser;

/// <summary>An open viewer swaps to a newly imported city by itself: no page reload, no server restart.</summary>
[Collection(ImportsAppCollection.Name)]
public sealed class CityReloadTests(ImportsAppFixture app, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Open_viewer_shows_the_new_city_when_an_upload_goes_live()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseAddress.ToString());
        await page.WaitForFunctionAsync("() => window.twincity && window.twincity.ready === true", null, new PageWaitForFunctionOptions { Timeout = 90_000 });
        var before = await page.EvaluateAsync<long>("() => twincity.cityVersion");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        using var planner = app.CreateClient(Roles.Planner);
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(File.ReadAllBytes(DataFolder.GetPath("derived/monaco-buildings-utm32n/monaco_buildings_utm32n.shp")));
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", "monaco_buildings_utm32n.shp");
        foreach (var ext in new[] { ".shx", ".dbf", ".prj" })
        {
            form.Add(new ByteArrayContent(File.ReadAllBytes(DataFolder.GetPath("derived/monaco-buildings-utm32n/monaco_buildings_utm32n" + ext))), "file", "monaco_buildings_utm32n" + ext);
        }

        var response = await planner.PostAsync("/api/imports", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        JsonElement job;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(100);
            job = await planner.GetFromJsonAsync<JsonElement>(response.Headers.Location!);
        }
        while (job.GetProperty("state").GetString() is "queued" or "running" && DateTime.UtcNow < deadline);
        Assert.True(job.GetProperty("state").GetString() == "succeeded", job.ToString());
        var version = job.GetProperty("cityVersion").GetInt64();

        await page.WaitForFunctionAsync($"() => twincity.cityVersion === {version} && twincity.ready === true", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        Assert.True(version > before);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page reloaded instead of swapping the city in place");
        Assert.Equal("Monaco Buildings Utm32n", await page.Locator("h1").InnerTextAsync());
        Assert.InRange(await page.EvaluateAsync<int>("() => twincity.drawCalls"), 1, await page.EvaluateAsync<int>("() => twincity.tilesLoaded") + 4);
    }
}
