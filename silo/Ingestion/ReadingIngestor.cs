using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Metadata;
using TwinCity.Models.Frames;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// The one way readings enter the twin (HTTP, MQTT and the simulator use it alike). A batch is
/// validated whole, then grouped by entity so one grain call carries all of an entity's readings
/// (DESIGN §4); what the entities report changed is grouped by tile the same way, so a tile grain
/// is told once per delivery, not once per entity. A batch with any invalid reading changes nothing.
/// </summary>
/// <remarks>
/// Calls are coalesced per grain across concurrent batches (<see cref="Coalescer{TItem}"/>): while a
/// call to an entity or tile is under way, readings for it from other batches wait and go together
/// in the next call. The task of a batch ends once its readings are in their entities and their
/// changes in their tiles.
/// </remarks>
public sealed partial class ReadingIngestor
{
    /// <summary>Entity grain calls in flight at once, across every batch this process is applying.</summary>
    public const int MaxCallsInFlight = 2048;

    private readonly EntityDirectory _directory;
    private readonly AlertEvaluator _alerts;
    private readonly TimeProvider _time;
    private readonly IOptions<IngestionOptions> _options;
    private readonly ILogger<ReadingIngestor> _logger;
    private readonly SemaphoreSlim _inFlight = new(MaxCallsInFlight);
    private readonly Coalescer<MetricReading> _entities;
    private readonly Coalescer<FeatureChange> _tiles;
    private readonly KeyedGrains<IBuildingGrain> _buildings;
    private readonly KeyedGrains<INetworkEntityGrain> _networkEntities;

    /// <summary>Creates the ingestor of this process.</summary>
    public ReadingIngestor(IGrainFactory grains, GrainInterfaceTypeResolver interfaces, GrainInterfaceTypeToGrainTypeResolver grainTypes,
        EntityDirectory directory, AlertEvaluator alerts, TimeProvider time, IOptions<IngestionOptions> options, ILogger<ReadingIngestor> logger)
    {
        (_directory, _alerts, _time, _options, _logger) = (directory, alerts, time, options, logger);
        _buildings = new KeyedGrains<IBuildingGrain>(grains, interfaces, grainTypes);
        _networkEntities = new KeyedGrains<INetworkEntityGrain>(grains, interfaces, grainTypes);
        var tiles = new KeyedGrains<ITileGrain>(grains, interfaces, grainTypes);
        _entities = new Coalescer<MetricReading>(ApplyAsync);
        _tiles = new Coalescer<FeatureChange>((tile, changes) => tiles.Get(tile).ReportChangesAsync(changes));
    }

    /// <summary>Validates and applies a batch.</summary>
    public async Task<IngestResult> IngestAsync(IReadOnlyList<EntityReading> batch, CancellationToken cancellationToken = default)
    {
        var known = await _directory.GetIdsAsync().ConfigureAwait(false);
        var problems = ReadingValidator.Validate(batch, known, _time.GetUtcNow(), _options.Value);
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

        cancellationToken.ThrowIfCancellationRequested();
        var deliveries = new List<Task>(byEntity.Count);
        foreach (var (entity, readings) in byEntity)
        {
            deliveries.Add(_entities.EnqueueAsync(entity, readings));
        }

        await Task.WhenAll(deliveries).ConfigureAwait(false);
        await _alerts.EvaluateAsync(batch).ConfigureAwait(false);
        return new IngestResult(batch.Count, []);
    }

    /// <summary>
    /// One call to an entity with everything queued for it, then its changes queued for its tile.
    /// The tile's task is awaited too, so the batches waiting on this delivery see their changes in
    /// the tile; the next call to this entity starts only after its changes were queued (in order).
    /// </summary>
    private async Task ApplyAsync(string entity, List<MetricReading> readings)
    {
        AppliedReadings applied;
        await _inFlight.WaitAsync().ConfigureAwait(false);
        try
        {
            // Street segments and utility elements have their own grain type; everything else is a building.
            var network = await _directory.GetNetworkIdsAsync().ConfigureAwait(false);
            applied = await (network.Contains(entity)
                ? _networkEntities.Get(entity).ApplyReadingsAsync(readings)
                : _buildings.Get(entity).ApplyReadingsAsync(readings)).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.Release();
        }

        if (applied.Changes.Count > 0)
        {
            await _tiles.EnqueueAsync(applied.TileId!, applied.Changes).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected a batch of {Count} readings with {ProblemCount} problems; first: {FirstProblem}")]
    private partial void LogBatchRejected(int count, int problemCount, string firstProblem);
}
