using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TwinCity.Models.Storage;
using TwinCity.Silo.Grains;
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
    /// <see cref="BlobGrainStorage"/>, and metric history in chunks through <see cref="HistoryChunkStore"/>; a host that registers none (unit-test clusters) keeps state in memory.
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
            builder.Services.AddSingleton(services => new HistoryChunkStore(
                new RetryingBlobStore(
                    services.GetRequiredService<IConditionalBlobStore>(),
                    services.GetRequiredService<ILogger<RetryingBlobStore>>(),
                    services.GetService<TimeProvider>() ?? TimeProvider.System),
                services.GetRequiredService<IOptions<TwinCitySiloOptions>>().Value.HistoryCapacity,
                services.GetRequiredService<ILogger<HistoryChunkStore>>()));
        }
        else
        {
            builder.AddMemoryGrainStorage(TwinCitySiloOptions.StorageName);
        }

        // Ingestion in this process writes into the live values of this silo's ticking tiles (embedded twin).
        builder.Services.AddSingleton<LocalTiles>();
        builder.Services.AddSingleton<WriteBehindClock>();
        builder.Services.AddTwinCityIngestion();
        builder.Services.AddOptions<SimulatorOptions>().BindConfiguration(SimulatorOptions.SectionName);
        builder.Services.AddHostedService<CitySimulator>();
        return builder;
    }

    /// <summary>
    /// For the processes of a cluster (silos and front ends): a silo can be killed while front ends keep
    /// serving, so readings are acknowledged only once stored (<see cref="TwinCitySiloOptions.DurableReadings"/>).
    /// Added as the lowest-priority source, so settings and arguments can turn it off.
    /// </summary>
    public static void DefaultToDurableReadings(this IConfigurationBuilder configuration) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = [new($"{TwinCitySiloOptions.SectionName}:{nameof(TwinCitySiloOptions.DurableReadings)}", "true")],
        });

    /// <summary>
    /// The ingestion path (directories, ingestors, alert evaluation): it needs only an
    /// <see cref="IGrainFactory"/>, so a web front end in cluster mode (an Orleans client) adds it too.
    /// </summary>
    public static IServiceCollection AddTwinCityIngestion(this IServiceCollection services)
    {
        services.AddOptions<TwinCitySiloOptions>().BindConfiguration(TwinCitySiloOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.SectionName)
            .Validate(o => o.EntityInterval >= TimeSpan.Zero && o.EntityInterval <= TimeSpan.FromMinutes(1),
                $"{IngestionOptions.SectionName}:{nameof(IngestionOptions.EntityInterval)} must be between 0 and 1 minute.")
            .Validate(o => o.EntityMaxInterval >= o.EntityInterval && o.EntityMaxInterval <= TimeSpan.FromMinutes(1),
                $"{IngestionOptions.SectionName}:{nameof(IngestionOptions.EntityMaxInterval)} must be between {nameof(IngestionOptions.EntityInterval)} and 1 minute.")
            .Validate(o => o.EntityReadingsPerCall >= 0,
                $"{IngestionOptions.SectionName}:{nameof(IngestionOptions.EntityReadingsPerCall)} must not be negative.")
            .Validate(o => o.MaxQueuedForEntities >= o.MaxBatchSize,
                $"{IngestionOptions.SectionName}:{nameof(IngestionOptions.MaxQueuedForEntities)} must be at least {nameof(IngestionOptions.MaxBatchSize)}.")
            .Validate(o => o.MaxUnacknowledgedMessages >= 1,
                $"{IngestionOptions.SectionName}:{nameof(IngestionOptions.MaxUnacknowledgedMessages)} must be at least 1.")
            .ValidateOnStart();
        services.TryAddSingleton<EntityDirectory>();
        services.TryAddSingleton<SharedStrings>();
        services.TryAddSingleton<AlertEvaluator>();
        services.AddHostedService<StaleSensorWatch>();
        services.AddHostedService<PauseWatch>();
        services.TryAddSingleton<ReadingIngestor>();
        services.AddHostedService<IngestionDrain>();
        services.TryAddSingleton<SensorDirectory>();
        services.TryAddSingleton<SensorRetention>();
        services.TryAddSingleton<HistorySweep>();
        services.AddHostedService(sp => sp.GetRequiredService<HistorySweep>());
        services.TryAddSingleton<SensorIngestor>();
        services.TryAddSingleton<MessageBatcher>();
        return services;
    }
}
