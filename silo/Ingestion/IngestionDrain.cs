using Microsoft.Extensions.Hosting;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// When the process stops, hands every entity the readings still queued for it (at most one
/// <see cref="IngestionOptions.EntityMaxInterval"/> of them) before anything else stops: the stopping
/// phase runs ahead of every hosted service's stop, the silo's included, so the entities are still
/// there to take them and store them as they deactivate.
/// </summary>
internal sealed class IngestionDrain(ReadingIngestor ingestor) : IHostedLifecycleService
{
    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => ingestor.FlushAllAsync().WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
