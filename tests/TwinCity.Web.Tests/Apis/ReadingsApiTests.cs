using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Tests.Apis;

[Collection(AppCollection.Name)]
public sealed class ReadingsApiTests(TwinCityAppFixture app)
{
    [Fact]
    public async Task Reading_from_an_operator_changes_the_building()
    {
        using var client = app.CreateClient(Roles.Operator);
        var (tile, _) = await CityProbe.BusiestTileAsync(client);
        var id = await CityProbe.FeatureIdAsync(client, tile, 1);

        var response = await client.PostAsJsonAsync("/api/readings", new[] { new { entity = id, metric = "power_kw", value = 123.25 } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(123.25, await CityProbe.MetricAsync(client, id, "power_kw"));
    }

    [Fact]
    public async Task Public_caller_cannot_post_readings()
    {
        using var client = app.CreateClient(Roles.Public);

        var response = await client.PostAsJsonAsync("/api/readings", Array.Empty<object>());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Planner_token_does_not_grant_the_operator_role()
    {
        using var client = app.CreateClient(Roles.Planner);

        var response = await client.PostAsJsonAsync("/api/readings", Array.Empty<object>());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Reading_for_unknown_entity_is_rejected_naming_it_and_nothing_changes()
    {
        using var client = app.CreateClient(Roles.Operator);
        var (tile, _) = await CityProbe.BusiestTileAsync(client);
        var id = await CityProbe.FeatureIdAsync(client, tile, 2);
        var before = await CityProbe.MetricAsync(client, id, "indoor_temp_c");

        var response = await client.PostAsJsonAsync("/api/readings", new object[]
        {
            new { entity = id, metric = "indoor_temp_c", value = 30.5 },
            new { entity = "osm:way/0", metric = "indoor_temp_c", value = 1 },
        });

        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("[1]: unknown entity 'osm:way/0'", problem.GetProperty("errors")[0].GetString());
        Assert.Equal(before, await CityProbe.MetricAsync(client, id, "indoor_temp_c"));
    }

    [Fact]
    public async Task Non_numeric_value_is_rejected_naming_the_field()
    {
        using var client = app.CreateClient(Roles.Operator);
        var (tile, _) = await CityProbe.BusiestTileAsync(client);
        var id = await CityProbe.FeatureIdAsync(client, tile, 0);

        var response = await client.PostAsync("/api/readings",
            new StringContent($$"""[{"entity":"{{id}}","metric":"power_kw","value":"lots"}]""", Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("[0].value: expected a number, found String", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Body_that_is_not_json_is_rejected()
    {
        using var client = app.CreateClient(Roles.Operator);

        var response = await client.PostAsync("/api/readings", new StringContent("{{{{", Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("not valid JSON", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Oversized_body_is_rejected_with_413_before_being_parsed()
    {
        using var client = app.CreateClient(Roles.Operator);
        var huge = "[" + string.Join(",", Enumerable.Repeat("""{"entity":"osm:way/1","metric":"power_kw","value":1}""", 30_000)) + "]";

        var response = await client.PostAsync("/api/readings", new StringContent(huge, Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("larger than", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Oversized_chunked_body_without_length_is_rejected_too()
    {
        using var client = app.CreateClient(Roles.Operator);
        var content = new StreamContent(new MemoryStream(new byte[3 * 1024 * 1024]));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/readings") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request);

        await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, found {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }
}
