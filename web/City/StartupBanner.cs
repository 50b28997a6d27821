using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using TwinCity.Web.Auth;

namespace TwinCity.Web.City;

/// <summary>
/// Tells the person who started the twin where to open it and, on first start, the tokens that
/// were generated for the operator and planner roles and the sensor key (they are not shown again, only stored).
/// </summary>
public sealed class StartupBanner(IServer server, AccessTokens tokens, IHostApplicationLifetime lifetime) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var url = addresses.FirstOrDefault() ?? "(no address)";
        var lines = new List<string> { "", $"  TwinCity is live: open {url}/ in a browser (public, read-only viewer)." };
        if (tokens.Generated)
        {
            lines.Add($"  Tokens generated for this twin (stored in {tokens.File}):");
            lines.AddRange(tokens.Tokens.Select(p => $"    {p.Key,-9} {p.Value}"));
        }
        else if (tokens.File is not null)
        {
            lines.Add($"  Tokens (operator, planner, sensor key): {tokens.File}");
        }

        lines.Add("");
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
