using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace TwinCity.Web.Auth;

/// <summary>
/// Bearer tokens from <see cref="AccessTokens"/>. No token means the public role (no identity);
/// a wrong token is a failure, never a silent downgrade to public. Browsers' SignalR connections
/// cannot set headers on WebSockets, so hub requests may carry the token as <c>access_token</c>.
/// </summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessTokens tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "TwinCityToken";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken();
        if (token is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var role = tokens.RoleOf(token);
        if (role is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("The bearer token is not valid."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, role), new Claim(ClaimTypes.Role, role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private string? ReadToken()
    {
        string? header = Request.Headers.Authorization;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return Request.Path.StartsWithSegments("/hubs") && Request.Query.TryGetValue("access_token", out var query)
            ? query.ToString()
            : null;
    }
}
