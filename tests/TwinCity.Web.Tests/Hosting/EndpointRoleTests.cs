using Microsoft.AspNetCore.Authorization;
using TwinCity.Web.Auth;
using TwinCity.Web.Hubs;

namespace TwinCity.Web.Tests.Hosting;

[Collection(AppCollection.Name)]
public sealed class EndpointRoleTests(TwinCityAppFixture app)
{
    private static readonly string[] KnownRoles = [Roles.Public, Roles.Operator, Roles.Planner, Roles.Sensor];

    [Fact]
    public void Every_endpoint_declares_one_of_the_roles()
    {
        var endpoints = app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints;

        var undeclared = endpoints
            .Where(e => !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => KnownRoles.Contains(a.Policy)))
            .Select(e => e.DisplayName)
            .ToList();

        Assert.NotEmpty(endpoints);
        Assert.True(undeclared.Count == 0, "Endpoints without a role: " + string.Join(", ", undeclared));
    }

    [Fact]
    public void Every_hub_method_declares_one_of_the_three_roles()
    {
        var methods = typeof(TwinHub).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name != nameof(TwinHub.OnDisconnectedAsync));

        Assert.All(methods, m => Assert.Contains(
            m.GetCustomAttributes(typeof(AuthorizeAttribute), true).Cast<AuthorizeAttribute>().Select(a => a.Policy), p => KnownRoles.Contains(p)));
    }

    /// <summary>The public's only writes: comments and votes on published scenarios (issue 7).</summary>
    private static readonly string[] PublicWrites = ["/api/scenarios/{id}/comments", "/api/scenarios/{id}/votes"];

    [Fact]
    public void Only_operator_or_planner_endpoints_accept_writes_except_scenario_comments_and_votes()
    {
        var endpoints = app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

        var publicWrites = endpoints
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Any(m => m is "POST" or "PUT" or "PATCH" or "DELETE") == true)
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Roles.Public))
            .Where(e => !e.RoutePattern.RawText!.StartsWith("/hubs/", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(PublicWrites.Order(), publicWrites.Select(e => e.RoutePattern.RawText).Order());
        Assert.All(publicWrites, e => Assert.Equal(
            TwinCity.Web.Apis.ScenarioParticipationApi.RatePolicy, e.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>()?.PolicyName));
    }
}
