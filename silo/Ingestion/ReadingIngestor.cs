using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// The one way readings enter the twin (HTTP, and the simulator, use it alike). A batch is
/// validated whole, then grouped by entity so one grain call carries all of an entity's readings
/// (DESIGN §4). A batch with any invalid reading changes nothing.
/// </summary>
public sealed partial class ReadingIngestor(
    IGrainFactory grains,
    EntityDirectory directory,
    AlertEvaluator alerts,
    TimeProvider time,
    IOptions<IngestionOptions> options,
    ILogger<ReadingIngestor> logger)
{
    /// <summary>Grain calls in flight at once, across every batch this process is applying.</summary>
    public const int MaxCallsInFlight = 2048;

    private readonly SemaphoreSlim _inFlight = new(MaxCallsInFlight);

    /// <summary>Validates and applies a batch.</summary>
    public async Task<IngestResult> IngestAsync(IReadOnlyList<EntityReading> batch, CancellationToken cancellationToken = default)
    {
        var known = await directory.GetIdsAsync().ConfigureAwait(false);
        var problems = ReadingValidator.Validate(batch, known, time.GetUtcNow(), options.Value);
        if (problems.Count > 0)
        {
            LogBatchRejected(batch.Count, problems.Count, problems[0].Reason);
            return new IngestResult(0, problems);
        }

        var byEntity = new Dictionary<string, List<MetricReading>>(StringComparer.Ordinal);
        foreach (var reading in batch)
        {
            if (!byEntity.TryGetValue(reading.EntityId, out var list))
            {
                byEntity[reading.EntityId] = list = new List<MetricReading>(2);
            }

            list.Add(new MetricReading(MetricCatalog.IndexOf(reading.MetricId), reading.Value, reading.Time));
        }

        // One call per entity, with a bound on calls in flight across all batches: tens of thousands of
        // simultaneous calls only queue inside the runtime and slow every one of them down.
        var network = await directory.GetNetworkIdsAsync().ConfigureAwait(false);
        var calls = new List<Task>(byEntity.Count);
        foreach (var (entity, readings) in byEntity)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
            calls.Add(ApplyAsync(entity, network.Contains(entity), readings));
        }

        await Task.WhenAll(calls).ConfigureAwait(false);
        await alerts.EvaluateAsync(batch).ConfigureAwait(false);
        return new IngestResult(batch.Count, []);
    }

    private async Task ApplyAsync(string entity, bool isNetworkEntity, List<MetricReading> readings)
    {
        try
        {
            // Street segments and utility elements have their own grain type; everything else is a building.
            await (isNetworkEntity
                ? grains.GetGrain<INetworkEntityGrain>(entity).ApplyReadingsAsync(readings)
                : grains.GetGrain<IBuildingGrain>(entity).ApplyReadingsAsync(readings)).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected a batch of {Count} readings with {ProblemCount} problems; first: {FirstProblem}")]
    private partial void LogBatchRejected(int count, int problemCount, string firstProblem);
}
