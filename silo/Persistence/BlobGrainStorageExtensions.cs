using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Storage;
using TwinCity.Models.Storage;

namespace TwinCity.Silo.Persistence;

/// <summary>Registers <see cref="BlobGrainStorage"/> under a provider name.</summary>
public static class BlobGrainStorageExtensions
{
    /// <summary>
    /// Adds grain storage <paramref name="name"/> over the <see cref="IConditionalBlobStore"/> registered
    /// in the silo's services (the host registers the folder store or the Azure store).
    /// </summary>
    public static ISiloBuilder AddBlobGrainStorage(this ISiloBuilder builder, string name)
    {
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) => new BlobGrainStorage(
            name,
            // Outages of the store are ridden out here, below every grain: see RetryingBlobStore.
            new RetryingBlobStore(
                services.GetRequiredService<IConditionalBlobStore>(),
                services.GetRequiredService<ILogger<RetryingBlobStore>>(),
                services.GetService<TimeProvider>() ?? TimeProvider.System),
            services.GetRequiredService<Serializer>(),
            services.GetRequiredService<ILogger<BlobGrainStorage>>()));
        return builder;
    }
}
