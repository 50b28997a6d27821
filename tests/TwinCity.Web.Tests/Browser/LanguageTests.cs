using Microsoft.Playwright;

namespace TwinCity.Web.Tests.Browser;

/// <summary>French and English: from the browser's language, from <c>?lang=</c>, and switched on the page.</summary>
[Collection(AppCollection.Name)]
public sealed class LanguageTests(TwinCityAppFixture app, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static BrowserNewContextOptions InLocale(string locale) =>
        new() { Locale = locale, ViewportSize = new ViewportSize { Width = 1024, Height = 700 } };

    [Fact]
    public async Task French_browser_gets_the_french_interface_and_can_switch_to_english()
    {
        await using var viewer = await ViewerPage.NewAsync(browser.Browser, InLocale("fr-FR"));
        await viewer.OpenAsync(app.BaseAddress.ToString());

        Assert.Equal("fr", await viewer.Page.EvaluateAsync<string>("() => document.documentElement.lang"));
        await Assertions.Expect(viewer.Page.Locator("fieldset.layer-toggles legend")).ToHaveTextAsync("Couches");
        await Assertions.Expect(viewer.Page.Locator("aside h2")).ToHaveTextAsync("Aucune sélection");
        await Assertions.Expect(viewer.Page.Locator("canvas")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("^Vue 3D de la ville"));

        await viewer.Page.SelectOptionAsync("select.settings-language", "en");

        Assert.Equal("en", await viewer.Page.EvaluateAsync<string>("() => document.documentElement.lang"));
        await Assertions.Expect(viewer.Page.Locator("fieldset.layer-toggles legend")).ToHaveTextAsync("Layers");
        await Assertions.Expect(viewer.Page.Locator("aside h2")).ToHaveTextAsync("Nothing selected");
        await Assertions.Expect(viewer.Page.Locator("canvas")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("^3D city view"));
        Assert.Empty(viewer.ConsoleErrors);
    }

    [Fact]
    public async Task Lang_parameter_overrides_the_browser_language()
    {
        await using var viewer = await ViewerPage.NewAsync(browser.Browser, InLocale("en-GB"));
        await viewer.OpenAsync($"{app.BaseAddress}?lang=fr");

        Assert.Equal("fr", await viewer.Page.EvaluateAsync<string>("() => document.documentElement.lang"));
        Assert.Equal("fr", await viewer.Page.Locator("select.settings-language").InputValueAsync());
        await Assertions.Expect(viewer.Page.Locator("label.metric-selector span")).ToHaveTextAsync("Couleur selon");

        await viewer.Page.SelectOptionAsync("select.settings-language", "en");
        await Assertions.Expect(viewer.Page.Locator("label.metric-selector span")).ToHaveTextAsync("Colour by");
    }
}
