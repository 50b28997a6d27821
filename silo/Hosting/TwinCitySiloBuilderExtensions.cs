using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TwinCity.Models.Storage;
using TwinCity.Silo.Ingestion;
using TwinCity.Silo.Persistence;
using TwinCity.Silo.Simulation;

namespace TwinCity.Silo.Hosting;

/// <summary>The one hosting entry point of the silo project.</summary>
public static class TwinCitySiloBuilderExtensions
{
    /// <summary>
    /// Adds TwinCity to a silo: grain storage and options, the ingestion path and the built-in
    /// simulator. Grain state goes to the <see cref="IConditionalBlobStore"/> the host registered
    /// before this call (the folder store embedded, the Azure store in a cluster) through
    /// <see cref="BlobGrainStorage"/>; a host that registers none (unit-test clusters) keeps state in memory.
    /// </summary>
    public static ISiloBuilder AddTwinCitySilo(this ISiloBuilder builder, Action<OptionsBuilder<TwinCitySiloOptions>>? configure = null)
    {
        var options = builder.Services.AddOptions<TwinCitySiloOptions>().BindConfiguration(TwinCitySiloOptions.SectionName);
        configure?.Invoke(options);
        builder.Services.AddSingleton<IValidateOptions<TwinCitySiloOptions>, TwinCitySiloOptionsValidator>();
        options.ValidateOnStart();
        if (builder.Services.Any(d => d.ServiceType == typeof(IConditionalBlobStore)))
        {
            builder.AddBlobGrainStorage(TwinCitySiloOptions.StorageName);
        }
        else
        {
            builder.AddMemoryGrainStorage(TwinCitySiloOptions.StorageName);
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.SectionName);
        builder.Services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.SectionName);
        builder.Services.AddSingleton<EntityDirectory>();
        builder.Services.AddSingleton<AlertEvaluator>();
        builder.Services.AddHostedService<StaleSensorWatch>();
        builder.Services.AddSingleton<ReadingIngestor>();
        builder.Services.AddSingleton<SensorDirectory>();
        builder.Services.AddSingleton<SensorIngestor>();
        builder.Services.AddHostedService<CitySimulator>();
        return builder;
    }
}
