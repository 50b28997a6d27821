using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using TwinCity.Models.Storage;
using TwinCity.Silo.Hosting;
using TwinCity.Silo.Persistence;

namespace TwinCity.Silo;

/// <summary>
/// A silo on its own (cluster mode, DESIGN §6): joins the cluster through Redis membership and keeps
/// grain state in the shared Azure blob container. Settings: <see cref="TwinCityClusterOptions"/>,
/// e.g. <c>dotnet run --project silo -- --TwinCity:Cluster:Redis 127.0.0.1:6379 --TwinCity:Cluster:BlobConnectionString "..."</c>.
/// </summary>
internal static class SiloProgram
{
    public static async Task<int> Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);

        builder.Configuration.DefaultToDurableReadings();
        var cluster = builder.Configuration.GetSection(TwinCityClusterOptions.SectionName).Get<TwinCityClusterOptions>() ?? new();
        if (string.IsNullOrWhiteSpace(cluster.Redis) || string.IsNullOrWhiteSpace(cluster.BlobConnectionString))
        {
            Console.Error.WriteLine("TwinCity:Cluster:Redis and TwinCity:Cluster:BlobConnectionString are required: a silo on its own needs the shared membership table and the shared store (see README, 'Running a cluster').");
            return 2;
        }

        // The store must answer before the silo joins: a silo that cannot read state would only fail activations.
        var store = await AzureBlobStore.CreateAsync(cluster.BlobConnectionString, cluster.BlobContainer);
        builder.Services.AddSingleton<IBlobStore>(store);
        builder.Services.AddSingleton<IConditionalBlobStore>(store);
        builder.UseOrleans(silo => silo
            .UseRedisClustering(cluster.Redis)
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            })
            // Failure detection can be tuned (TwinCity:Cluster:Membership:ProbeTimeout, NumMissedProbesLimit, ...).
            .Configure<ClusterMembershipOptions>(builder.Configuration.GetSection(TwinCityClusterOptions.SectionName + ":Membership"))
            .ConfigureEndpoints(System.Net.IPAddress.Parse(cluster.Address), cluster.SiloPort, cluster.GatewayPort)
            .AddTwinCitySilo());
        await builder.Build().RunAsync();
        return 0;
    }
}
