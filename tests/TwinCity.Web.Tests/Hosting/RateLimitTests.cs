using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Tests.Hosting;

/// <summary>The twin with small rate limits, so that tests reach them quickly.</summary>
public sealed class RateLimitedAppFixture : TwinCityAppFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("TwinCity:RateLimits:PublicPerSecond", "1"),
        new("TwinCity:RateLimits:PublicBurst", "5"),
        new("TwinCity:RateLimits:HubCallsPerSecond", "1"),
        new("TwinCity:RateLimits:HubBurst", "3"),
    ];
}

public sealed class RateLimitTests(RateLimitedAppFixture app) : IClassFixture<RateLimitedAppFixture>
{
    [Fact]
    public async Task A_public_flood_gets_429_with_Retry_After_while_token_holders_are_served()
    {
        using var publicClient = app.CreateClient();
        using var operatorClient = app.CreateClient(Roles.Operator);

        var flood = new List<HttpResponseMessage>();
        for (var i = 0; i < 20; i++)
        {
            flood.Add(await publicClient.GetAsync("/api/city"));
        }

        var operatorCalls = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => operatorClient.GetAsync("/api/city")));

        // The burst (5) serves the first requests; the other test's hub connection may have used a couple.
        Assert.Equal(HttpStatusCode.OK, flood[0].StatusCode);
        var refused = flood.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(refused.Count >= 10, $"expected most of the flood refused, {refused.Count} were");
        Assert.All(refused, r =>
        {
            Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        });
        Assert.All(operatorCalls, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    [Fact]
    public async Task A_connection_calling_the_hub_too_often_is_refused_by_name()
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "/hubs/twin"))
            .AddMessagePackProtocol()
            .Build();
        await connection.StartAsync();

        var errors = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            try
            {
                await connection.InvokeAsync<int>("SubscribeTiles", Array.Empty<string>());
            }
            catch (HubException ex)
            {
                errors.Add(ex.Message);
            }
        }

        Assert.InRange(errors.Count, 4, 5); // a burst of 3, maybe one refilled token
        Assert.All(errors, e => Assert.Contains("SubscribeTiles: too many calls on this connection", e));
    }
}
