using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Metadata;
using TwinCity.Models.Frames;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Grains;
using TwinCity.Silo.Hosting;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// The one way readings enter the twin (HTTP, MQTT and the simulator use it alike). A batch is
/// validated whole, then grouped twice (DESIGN §4): by tile, so one call gives a tile grain the live
/// values of all its features in the batch, and by entity, so one call gives an entity grain (which
/// keeps latest values and history, and stores them) all of its readings. A batch with any invalid
/// reading changes nothing.
/// </summary>
/// <remarks>
/// <para>
/// Calls are coalesced per grain across concurrent batches (<see cref="Coalescer{TItem}"/>): while a
/// call to a tile or entity is under way, readings for it from other batches wait and go together in
/// the next call. Entity calls are further spaced by <see cref="IngestionOptions.EntityInterval"/>, and
/// an entity with fewer than <see cref="IngestionOptions.EntityReadingsPerCall"/> readings waiting then
/// waits for more, up to <see cref="IngestionOptions.EntityMaxInterval"/>: a city has far more entities
/// than tiles, and a call per entity that carries many readings, not one per reading, is what lets a
/// two-core machine take hundreds of thousands of readings a second.
/// </para>
/// <para>
/// What the task of a batch waits for is what its acknowledgement means. Write-behind (the embedded
/// default): the batch is valid, its alerts are evaluated, and its readings are queued in this process
/// for their tiles (on screen with the next frame) and for their entities. Under <c>DurableReadings</c>:
/// they are in their tiles, and in their entities and stored.
/// </para>
/// <para>
/// A tile of this silo that is sending frames takes its readings without a call: they are written into its
/// values under its lock (<see cref="LocalTiles"/>), which is where the call would have put them. Other tiles
/// (asleep, or in another process) get a call, coalesced per tile, and that call wakes them.
/// </para>
/// <para>
/// Write-behind does not wait for the tile calls because a tile grain holds its values in this process's
/// memory just as the queue does: waiting bought no safety, only a grain call per reading for sources
/// that send one reading per message (an MQTT connection has one publish in flight, so its publishes
/// could never pile up into one call). When <see cref="MaxQueuedForTiles"/> readings or more are
/// waiting for tiles, batches wait for their tiles again, so a source faster than the tiles slows down
/// instead of filling memory. Entities do the same past <see cref="IngestionOptions.MaxQueuedForEntities"/>:
/// then a batch waits for its entities, which is up to an interval.
/// </para>
/// </remarks>
public sealed partial class ReadingIngestor
{
    /// <summary>Entity grain calls in flight at once, across every batch this process is applying.</summary>
    public const int MaxCallsInFlight = 2048;

    /// <summary>Readings queued for tiles from which on a batch is acknowledged only once its tiles hold it (back-pressure).</summary>
    public const int MaxQueuedForTiles = 2 * IngestionOptions.DefaultMaxBatchSize;

    private readonly EntityDirectory _directory;
    private readonly AlertEvaluator _alerts;
    private readonly TimeProvider _time;
    private readonly IOptions<IngestionOptions> _options;
    private readonly ILogger<ReadingIngestor> _logger;
    private readonly SemaphoreSlim _inFlight = new(MaxCallsInFlight);
    private readonly Coalescer<MetricReading> _entities;
    private readonly Coalescer<FeatureReading> _tiles;
    private readonly KeyedGrains<IBuildingGrain> _buildings;
    private readonly KeyedGrains<INetworkEntityGrain> _networkEntities;
    private readonly LocalTiles? _localTiles;
    private readonly ConcurrentBag<Grouping<FeatureReading>> _tileGroupings = [];
    private readonly bool _acknowledgeStored;

    /// <summary>Creates the ingestor of this process.</summary>
    /// <param name="localTiles">The ticking tiles of the silo in this process; null in a process that is only a client of the cluster.</param>
    public ReadingIngestor(IGrainFactory grains, GrainInterfaceTypeResolver interfaces, GrainInterfaceTypeToGrainTypeResolver grainTypes,
        EntityDirectory directory, AlertEvaluator alerts, TimeProvider time, IOptions<IngestionOptions> options, IOptions<TwinCitySiloOptions> silo,
        ILogger<ReadingIngestor> logger, LocalTiles? localTiles = null)
    {
        (_directory, _alerts, _time, _options, _logger, _localTiles) = (directory, alerts, time, options, logger, localTiles);
        _buildings = new KeyedGrains<IBuildingGrain>(grains, interfaces, grainTypes);
        _networkEntities = new KeyedGrains<INetworkEntityGrain>(grains, interfaces, grainTypes);
        var tiles = new KeyedGrains<ITileGrain>(grains, interfaces, grainTypes);
        _acknowledgeStored = silo.Value.DurableReadings;
        _entities = _acknowledgeStored
            ? new Coalescer<MetricReading>(ApplyAsync, TimeSpan.Zero, time)
            : new Coalescer<MetricReading>(ApplyAsync, options.Value.EntityInterval, time, options.Value.EntityReadingsPerCall, options.Value.EntityMaxInterval);
        _tiles = new Coalescer<FeatureReading>((tile, readings) => ApplyLiveAsync(tiles.Get(tile), tile, readings));
    }

    /// <summary>Validates and applies a batch; see the remarks on the class for what the returned task waits for.</summary>
    public async Task<IngestResult> IngestAsync(IReadOnlyList<EntityReading> batch, CancellationToken cancellationToken = default)
    {
        var routes = await _directory.GetRoutesAsync().ConfigureAwait(false);
        var problems = ReadingValidator.Validate(batch, routes.Ids, _time.GetUtcNow(), _options.Value);
        if (problems.Count > 0)
        {
            return Reject(batch.Count, problems);
        }

        var routed = ArrayPool<RoutedReading>.Shared.Rent(batch.Count);
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var reading = batch[i];
                routed[i] = new RoutedReading(routes.Find(reading.EntityId)!, MetricCatalog.IndexOf(reading.MetricId), reading.Value, reading.Time);
            }

            return await ApplyValidAsync(new ArraySegment<RoutedReading>(routed, 0, batch.Count), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<RoutedReading>.Shared.Return(routed, clearArray: true); // they hold references
        }
    }

    /// <summary>
    /// As <see cref="IngestAsync"/> for readings whose entity and metric are resolved already (a sensor's
    /// route holds both): only their values and times are checked, and no reading costs a look-up by id.
    /// </summary>
    public async Task<IngestResult> IngestRoutedAsync(ArraySegment<RoutedReading> batch, CancellationToken cancellationToken = default)
    {
        var problems = ReadingValidator.Validate(batch.AsSpan(), _time.GetUtcNow(), _options.Value);
        return problems.Count > 0
            ? Reject(batch.Count, problems)
            : await ApplyValidAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    private IngestResult Reject(int count, List<ReadingProblem> problems)
    {
        LogBatchRejected(count, problems.Count, problems[0].Reason);
        return new IngestResult(0, problems);
    }

    private async Task<IngestResult> ApplyValidAsync(ArraySegment<RoutedReading> batch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var waitForTiles = _acknowledgeStored || _tiles.QueuedItems >= MaxQueuedForTiles;
        var waitForEntities = _acknowledgeStored || _entities.QueuedItems >= _options.Value.MaxQueuedForEntities;
        var deliveries = new List<Task>();
        var byEntity = ArrayPool<MetricReading>.Shared.Rent(batch.Count); // pooled, like the grouping: a batch's scratch, copied by the coalescers
        var byTile = _tileGroupings.TryTake(out var reused) ? reused : new Grouping<FeatureReading>();
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var reading = batch[i];
                byEntity[i] = new MetricReading(reading.MetricIndex, reading.Value, reading.Time);
                if (reading.Entity.Place is { } place)
                {
                    byTile.Add(place.TileId, new FeatureReading(place.FeatureIndex, reading.MetricIndex, (float)reading.Value, reading.Time));
                }
            }

            foreach (var (tile, readings) in byTile.Groups)
            {
                if (_localTiles is not null && _localTiles.TryApply(tile, readings, out var ignored))
                {
                    if (ignored > 0)
                    {
                        LogReadingsOutOfRange(tile, ignored);
                    }

                    continue;
                }

                var delivered = _tiles.EnqueueAsync(tile, CollectionsMarshal.AsSpan(readings));
                if (waitForTiles)
                {
                    deliveries.Add(delivered);
                }
            }

            // Entity readings are queued by runs of the same entity, not grouped through a dictionary: one
            // entity's readings usually stand together (a meter's pack, a building's sensors). Deliveries wait
            // until the whole batch is queued, so an entity named in several places still gets one call.
            var held = _entities.Hold();
            try
            {
                for (int first = 0, end; first < batch.Count; first = end)
                {
                    var entity = batch[first].Entity;
                    for (end = first + 1; end < batch.Count && batch[end].Entity.Id == entity.Id; end++)
                    {
                    }

                    var delivered = _entities.EnqueueAsync(entity.Id, byEntity.AsSpan(first, end - first), held, ref entity.Mailbox);
                    if (waitForEntities)
                    {
                        deliveries.Add(delivered);
                    }
                }
            }
            finally
            {
                held.Release();
            }
        }
        finally
        {
            ArrayPool<MetricReading>.Shared.Return(byEntity);
            byTile.Clear();
            _tileGroupings.Add(byTile);
        }

        await Task.WhenAll(deliveries).ConfigureAwait(false);
        await _alerts.EvaluateAsync(batch).ConfigureAwait(false);
        return new IngestResult(batch.Count, []);
    }

    /// <summary>
    /// Gives an entity what is queued for it now, without waiting out <see cref="IngestionOptions.EntityInterval"/>:
    /// for a reader of that entity's values or history who must see every reading acknowledged before.
    /// </summary>
    public Task FlushAsync(string entityId) => _entities.FlushAsync(entityId);

    /// <summary>
    /// The live values queued for a tile, delivered; for a reader of the tile's snapshot who must see every
    /// reading acknowledged before. Tile calls start as soon as the last one ends, so this waits at most for that.
    /// </summary>
    public Task FlushTileAsync(string tileId) => _tiles.FlushAsync(tileId);

    /// <summary>Readings acknowledged and not yet handed to their entities or tiles, in this process.</summary>
    public IngestionBacklog Backlog => new(_entities.QueuedItems, _entities.ActiveKeys, _entities.MinInterval, _tiles.QueuedItems);

    /// <summary>
    /// Gives every entity and tile what is queued for it now; the task ends when they have it. For a process
    /// that stops (<see cref="IngestionDrain"/>): acknowledged readings must reach their entities, which
    /// store them when they deactivate.
    /// </summary>
    public Task FlushAllAsync() => Task.WhenAll(_tiles.FlushAllAsync(), _entities.FlushAllAsync());

    /// <summary>One call to a tile with the live values queued for it; false when the tile may still read the list.</summary>
    private async Task<bool> ApplyLiveAsync(ITileGrain tile, string tileId, List<FeatureReading> readings)
    {
        try
        {
            await tile.ApplyReadingsAsync(readings).ConfigureAwait(false); // the coalescer's list, not a copy
            return true;
        }
        catch (Exception ex) when (!_acknowledgeStored)
        {
            // The batches may have been acknowledged already; their entities still get the readings.
            LogTileCallFailed(ex, tileId, readings.Count);
            return false;
        }
    }

    /// <summary>One call to an entity with everything queued for it; false when the entity may still read the list.</summary>
    private async Task<bool> ApplyAsync(string entity, List<MetricReading> readings)
    {
        await _inFlight.WaitAsync().ConfigureAwait(false);
        try
        {
            // Street segments and utility elements have their own grain type; everything else is a building.
            // The grain gets the coalescer's list itself, not a copy: the coalescer refills it only once the call succeeded.
            var network = await _directory.GetNetworkIdsAsync().ConfigureAwait(false);
            await (network.Contains(entity)
                ? _networkEntities.Get(entity).ApplyReadingsAsync(readings)
                : _buildings.Get(entity).ApplyReadingsAsync(readings)).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (!_acknowledgeStored)
        {
            // Nobody waits for this call: the batches were acknowledged when their readings reached the tiles.
            LogEntityCallFailed(ex, entity, readings.Count);
            return false;
        }
        finally
        {
            _inFlight.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected a batch of {Count} readings with {ProblemCount} problems; first: {FirstProblem}")]
    private partial void LogBatchRejected(int count, int problemCount, string firstProblem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tile {TileId} ignored {Count} readings for features or metrics it does not have")]
    private partial void LogReadingsOutOfRange(string tileId, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tile {TileId} did not take {Count} acknowledged live values; they are in their entities but not on screen until the next reading")]
    private partial void LogTileCallFailed(Exception exception, string tileId, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Entity {EntityId} did not take {Count} acknowledged readings; they are on screen but not in its history")]
    private partial void LogEntityCallFailed(Exception exception, string entityId, int count);
}
