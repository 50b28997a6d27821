using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using TwinCity.Web.Auth;
using TwinCity.Web.City;

namespace TwinCity.Web.Tests;

/// <summary>
/// The real embedded twin (co-hosted silo, Kestrel on a loopback port, the Monaco extract from the
/// data folder), started once and shared by the web tests. The simulator is off so that every
/// change a test sees is one it made.
/// </summary>
public class TwinCityAppFixture : IAsyncLifetime
{
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), "twincity-tests-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    /// <summary>The running app.</summary>
    public WebApplication App => _app ?? throw new InvalidOperationException("The app is not started.");

    /// <summary>Where the app listens, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Port of the app's embedded MQTT broker.</summary>
    public int MqttPort { get; } = FreePort();

    /// <summary>The tokens the app generated at its first start.</summary>
    public AccessTokens Tokens => App.Services.GetRequiredService<AccessTokens>();

    /// <summary>Configuration a derived fixture adds (e.g. a smaller upload limit).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];

    /// <inheritdoc />
    public virtual async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--urls", "http://127.0.0.1:0"],
            ContentRootPath = RepoPaths.Web,
            ApplicationName = "TwinCity.Web",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TwinCity:StateDirectory"] = _stateDirectory,
            ["TwinCity:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TwinCity:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TwinCity:Simulator:Enabled"] = "false",
            ["TwinCity:MqttPort"] = MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(ExtraSettings);
        builder.AddTwinCityWeb();
        _app = builder.Build();
        _app.MapTwinCity();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address);

        var status = _app.Services.GetRequiredService<CityStatus>();
        await status.WhenSettled.WaitAsync(TimeSpan.FromMinutes(2));
        if (status.Phase != CityPhase.Ready)
        {
            throw new InvalidOperationException($"Loading the city: expected Ready, found {status.Phase}: {status.Message}");
        }
    }

    /// <summary>An HTTP client for the app, with the token of <paramref name="role"/> (none for the public).</summary>
    public HttpClient CreateClient(string? role = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (role is not null && role != Roles.Public)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Tokens[role]);
        }

        return client;
    }

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (Directory.Exists(_stateDirectory))
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The collection sharing one running twin.</summary>
[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<TwinCityAppFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "app";
}
