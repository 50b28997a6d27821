using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using TwinCity.Importers.Sources;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Tests.Apis;

/// <summary>A twin of its own: these tests change the live city.</summary>
public sealed class ImportsAppFixture : TwinCityAppFixture
{
    /// <summary>The upload limit these tests run with.</summary>
    public const long UploadLimit = 2 * 1024 * 1024;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [new("TwinCity:MaxUploadBytes", UploadLimit.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}

[CollectionDefinition(Name)]
public sealed class ImportsAppCollection : ICollectionFixture<ImportsAppFixture>
{
    public const string Name = "imports-app";
}

[Collection(ImportsAppCollection.Name)]
public sealed class ImportsApiTests(ImportsAppFixture app)
{
    private static readonly TimeSpan ImportTimeout = TimeSpan.FromSeconds(60);

    private static MultipartFormDataContent Upload(params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file", name);
        }

        return form;
    }

    private async Task<JsonElement> WaitForEndAsync(HttpClient client, Uri location)
    {
        var deadline = DateTime.UtcNow + ImportTimeout;
        JsonElement job;
        do
        {
            job = await client.GetFromJsonAsync<JsonElement>(location);
            if (job.GetProperty("state").GetString() is "succeeded" or "failed")
            {
                return job;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"Import {location}: expected succeeded or failed within {ImportTimeout}, last state {job}");
    }

    private async Task<long> LiveVersionAsync()
    {
        using var client = app.CreateClient();
        var city = await client.GetFromJsonAsync<JsonElement>("/api/city");
        return city.GetProperty("version").GetInt64();
    }

    [Fact]
    public async Task Planner_upload_goes_live_and_every_viewer_is_told()
    {
        await using var viewer = new HubConnectionBuilder().WithUrl(new Uri(app.BaseAddress, "/hubs/twin")).AddMessagePackProtocol().Build();
        var changed = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        viewer.On<long>("CityChanged", v => changed.TrySetResult(v));
        await viewer.StartAsync();
        var before = await LiveVersionAsync();
        using var planner = app.CreateClient(Roles.Planner);

        var response = await planner.PostAsync("/api/imports", Upload(("monaco-buildings.geojson", File.ReadAllBytes(DataFolder.GetPath("derived/monaco-buildings.geojson")))));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await WaitForEndAsync(planner, response.Headers.Location!);

        Assert.True(job.GetProperty("state").GetString() == "succeeded", job.ToString());
        var version = job.GetProperty("cityVersion").GetInt64();
        Assert.True(version > before);
        Assert.Equal(version, await changed.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        using var client = app.CreateClient();
        var city = await client.GetFromJsonAsync<JsonElement>("/api/city");
        Assert.Equal(version, city.GetProperty("version").GetInt64());
        Assert.Equal("Monaco Buildings", city.GetProperty("name").GetString());
        var tile = city.GetProperty("tiles")[0].GetProperty("content").GetString();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/city/{tile}")).StatusCode);
    }

    [Fact]
    public async Task Broken_upload_fails_naming_file_and_line_and_the_live_city_is_unchanged()
    {
        var text = File.ReadAllBytes(DataFolder.GetPath("derived/monaco-buildings.geojson"));
        var before = await LiveVersionAsync();
        using var planner = app.CreateClient(Roles.Planner);

        var response = await planner.PostAsync("/api/imports", Upload(("cut.geojson", text[..(text.Length / 2)])));
        var job = await WaitForEndAsync(planner, response.Headers.Location!);

        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.StartsWith("cut.geojson line ", job.GetProperty("message").GetString());
        Assert.Equal(before, await LiveVersionAsync());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(Roles.Operator, HttpStatusCode.Forbidden)]
    public async Task Only_planners_may_upload(string? role, HttpStatusCode expected)
    {
        using var client = app.CreateClient(role);

        var response = await client.PostAsync("/api/imports", Upload(("x.geojson", "{}"u8.ToArray())));

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("../../tokens.geojson")]
    [InlineData("/etc/passwd.geojson")]
    [InlineData(".hidden.geojson")]
    [InlineData("ville%2F..%2Fx.geojson")]
    [InlineData("quartier nord.geojson")]
    public async Task Unsafe_file_names_are_refused(string name)
    {
        using var planner = app.CreateClient(Roles.Planner);

        var response = await planner.PostAsync("/api/imports", Upload((name, "{}"u8.ToArray())));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Unsafe file name", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_landmark_without_a_valid_placement_is_refused()
    {
        using var planner = app.CreateClient(Roles.Planner);
        using var form = Upload(("Duck.glb", File.ReadAllBytes(DataFolder.GetPath("gltf/Duck.glb"))));
        form.Add(new StringContent("east of the casino"), "at");

        var response = await planner.PostAsync("/api/imports", form);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Bad placement", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Upload_over_the_limit_is_refused_with_413()
    {
        using var planner = app.CreateClient(Roles.Planner);

        var response = await planner.PostAsync("/api/imports", Upload(("big.geojson", new byte[ImportsAppFixture.UploadLimit + 1])));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_format_is_refused_with_415_listing_the_formats()
    {
        using var planner = app.CreateClient(Roles.Planner);

        var response = await planner.PostAsync("/api/imports", Upload(("traffic.csv", "a,b\n1,2"u8.ToArray())));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("GeoJSON", problem.GetProperty("detail").GetString());
    }
}
