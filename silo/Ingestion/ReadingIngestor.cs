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
    TimeProvider time,
    IOptions<IngestionOptions> options,
    ILogger<ReadingIngestor> logger)
{
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

        var calls = new List<Task<bool>>();
        foreach (var group in batch.GroupBy(r => r.EntityId, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var readings = group.Select(r => new MetricReading(MetricCatalog.IndexOf(r.MetricId), r.Value, r.Time)).ToArray();
            calls.Add(grains.GetGrain<IBuildingGrain>(group.Key).ApplyReadingsAsync(readings));
        }

        await Task.WhenAll(calls).ConfigureAwait(false);
        return new IngestResult(batch.Count, []);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected a batch of {Count} readings with {ProblemCount} problems; first: {FirstProblem}")]
    private partial void LogBatchRejected(int count, int problemCount, string firstProblem);
}
