using Microsoft.Playwright;
using TwinCity.Importers.Sources;
using TwinCity.Web.Auth;
using TwinCity.Web.Tests.Apis;

namespace TwinCity.Web.Tests.Browser;

/// <summary>A planner uploads a city from the viewer; the viewer follows the job and shows the new city.</summary>
[Collection(ImportsAppCollection.Name)]
public sealed class PlannerTests(ImportsAppFixture app, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Planner_uploads_a_shapefile_from_the_viewer_and_sees_the_new_city()
    {
        await using var viewer = await ViewerPage.NewAsync(browser.Browser);
        await viewer.OpenAsync($"{app.BaseAddress}?mode=planner&lang=en&token={Uri.EscapeDataString(app.Tokens.Tokens[Roles.Planner])}");
        var before = await viewer.Page.EvaluateAsync<long>("() => twincity.cityVersion");
        var stem = DataFolder.GetPath("derived/monaco-buildings-utm32n/monaco_buildings_utm32n");

        await viewer.Page.Locator("form.import-form input[type=file]").SetInputFilesAsync(new[] { ".shp", ".shx", ".dbf", ".prj" }.Select(ext => stem + ext));
        await viewer.Page.Locator("form.import-form button[type=submit]").ClickAsync();

        await Assertions.Expect(viewer.Page.Locator(".import-progress")).ToContainTextAsync("Import succeeded", new() { Timeout = 60_000 });
        await viewer.WaitAsync($"() => twincity.cityVersion > {before} && twincity.ready", "the new city on screen", TimeSpan.FromSeconds(60));
        Assert.Equal("Monaco Buildings Utm32n", await viewer.Page.Locator("h1").InnerTextAsync());
        Assert.Empty(viewer.ConsoleErrors);
    }
}
