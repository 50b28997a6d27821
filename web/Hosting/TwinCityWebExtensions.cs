using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using TwinCity.Models.Storage;
using TwinCity.Silo.Hosting;
using TwinCity.Web.Apis;
using TwinCity.Web.Auth;
using TwinCity.Web.City;
using TwinCity.Web.Hosting;
using TwinCity.Web.Hubs;

namespace TwinCity.Web;

/// <summary>The one hosting entry point of the web project.</summary>
public static class TwinCityWebExtensions
{
    /// <summary>Largest SignalR message a client may send (hub calls carry tile ids only).</summary>
    public const long MaxHubMessageBytes = 64 * 1024;

    /// <summary>
    /// Adds the embedded twin: a co-hosted Orleans silo (localhost clustering), token auth with the
    /// three roles, the SignalR hub with MessagePack, the blob store and the city loader.
    /// </summary>
    public static WebApplicationBuilder AddTwinCityWeb(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TwinCityWebOptions.SectionName).Get<TwinCityWebOptions>() ?? new();
        options.City ??= builder.Configuration["city"];
        options.StateDirectory = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, options.StateDirectory));
        var services = builder.Services;
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(AccessTokens.Load(options));
        var cluster = builder.Configuration.GetSection(TwinCityClusterOptions.SectionName).Get<TwinCityClusterOptions>() ?? new();
        var clusterMode = !string.IsNullOrWhiteSpace(cluster.Redis);

        // Embedded: one folder holds tiles, sources and grain state (DESIGN §5), so a restart finds the
        // twin as it was. Cluster: the Azure container every silo and front end shares.
        IConditionalBlobStore blobs = clusterMode && !string.IsNullOrWhiteSpace(cluster.BlobConnectionString)
            ? TwinCity.Silo.Persistence.AzureBlobStore.CreateAsync(cluster.BlobConnectionString, cluster.BlobContainer).GetAwaiter().GetResult()
            : new LocalFolderBlobStore(Path.Combine(options.StateDirectory, "blobs"));
        services.AddSingleton<IBlobStore>(blobs);
        services.AddSingleton<IConditionalBlobStore>(blobs);

        services.AddAuthentication(TokenAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Public, p => p.RequireAssertion(_ => true))
            .AddPolicy(Roles.Operator, p => p.RequireRole(Roles.Operator))
            .AddPolicy(Roles.Planner, p => p.RequireRole(Roles.Planner))
            .AddPolicy(Roles.Sensor, p => p.RequireRole(Roles.Sensor, Roles.Operator))
            // An endpoint that forgot to declare its role is closed, not open. A path matching no
            // endpoint passes through to a plain 404: there is nothing behind it to protect.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder()
                .RequireAssertion(ctx => ctx.Resource is HttpContext http && http.GetEndpoint() is null)
                .Build());

        services.AddProblemDetails();
        services.AddTwinCityRateLimits(options.RateLimits);
        services.AddScenarioParticipation();
        services.AddSignalR(o => o.MaximumReceiveMessageSize = MaxHubMessageBytes).AddMessagePackProtocol();
        services.AddSingleton<TileFrameForwarder>();
        services.AddSingleton<TileSubscriptions>();
        services.AddHostedService(sp => sp.GetRequiredService<TileSubscriptions>());
        services.AddSingleton<CityStatus>();
        services.AddSingleton<TileSensorIndex>();
        services.AddSingleton<CitySwitcher>();
        services.AddSingleton<TwinCity.Web.Imports.ImportJobs>();

        if (clusterMode)
        {
            // Cluster mode (DESIGN §6): an Orleans client of the silos Redis lists; frames still come
            // through grain observers, which Orleans delivers to clients as to silos.
            builder.UseOrleansClient(client => client
                .UseRedisClustering(cluster.Redis!)
                .Configure<Orleans.Configuration.ClusterOptions>(o =>
                {
                    o.ClusterId = cluster.ClusterId;
                    o.ServiceId = cluster.ServiceId;
                }));
            // This front end's ingestion acknowledges what the silos acknowledge: stored readings.
            builder.Configuration.DefaultToDurableReadings();
            services.AddTwinCityIngestion();
            services.AddHostedService<CityFollower>();
        }
        else
        {
            builder.UseOrleans(silo => silo
                .UseLocalhostClustering(options.SiloPort, options.GatewayPort)
                .AddTwinCitySilo());
        }
        services.AddHostedService<CityLoader>();
        services.AddHostedService<StartupBanner>();
        services.AddHostedService<AlertForwarder>();
        services.AddSingleton<TwinCity.Web.Mqtt.MqttReadings>();
        services.AddHostedService<TwinCity.Web.Mqtt.MqttSubscriber>();
        services.AddSingleton<TwinCity.Web.Mqtt.MqttBroker>();
        services.AddHostedService(sp => sp.GetRequiredService<TwinCity.Web.Mqtt.MqttBroker>());
        return builder;
    }

    /// <summary>Maps the viewer, every API and the hub.</summary>
    public static WebApplication MapTwinCity(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        // The viewer's files keep their names from build to build: browsers revalidate them (ETag, 304)
        // rather than keep an old viewer after an upgrade.
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache" });
        app.UseAuthentication();
        app.UseRateLimiter(); // after authentication: the partition depends on who is calling
        app.UseAuthorization();
        app.MapCityApi();
        app.MapBuildingsApi();
        app.MapReadingsApi();
        app.MapImportsApi();
        app.MapIngestApi();
        app.MapSensorsApi();
        app.MapTileSensorsApi();
        app.MapHistoryApi();
        app.MapCityHistoryApi();
        app.MapExportApi();
        app.MapEntitiesApi();
        app.MapAlertsApi();
        app.MapScenariosApi();
        app.MapHub<TwinHub>("/hubs/twin").RequireAuthorization(Roles.Public);
        return app;
    }
}
