using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Core;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Hosting;
using TwinCity.Silo.Ingestion;
using TwinCity.Silo.Persistence;

namespace TwinCity.Silo.Grains;

/// <summary>
/// How an entity grain (building, street segment, network element) stores what readings change.
/// Latest values change many times a second; writing state on every reading would make the store
/// the bottleneck. So they are written at most once per <see cref="TwinCitySiloOptions.StateFlushInterval"/>
/// (the silo's <see cref="WriteBehindClock"/> calls the entity back),
/// the history chunks when one fills or after <see cref="TwinCitySiloOptions.HistoryFlushInterval"/>,
/// and both on deactivation: a crash loses at most those intervals (README, "Running a cluster",
/// says what an acknowledgement guarantees).
/// </summary>
public sealed class WriteBehind
{
    private readonly Grain _grain;
    private readonly IStorage _state;
    private readonly EntityMetrics _metrics;
    private readonly TwinCitySiloOptions _options;
    private readonly HistoryChunkStore? _chunks;
    private readonly SensorRetention? _retention;
    private readonly WriteBehindClock _clock;
    private readonly ILogger _logger;
    private PersistedHistory? _history;
    private WriteBehindClock.Ticket? _call;
    private bool _dirty;

    /// <summary>Call from the grain's <c>OnActivateAsync</c>, once its state is read.</summary>
    /// <param name="grain">The entity grain; it forwards <see cref="IWritesBehind.WriteBehindAsync"/> to <see cref="OnClockAsync"/>.</param>
    /// <param name="state">Its persistent state.</param>
    /// <param name="metrics">The part of that state that counts stored history points.</param>
    /// <param name="options">Silo options: history capacity and flush interval.</param>
    public WriteBehind(Grain grain, IStorage state, EntityMetrics metrics, TwinCitySiloOptions options)
    {
        _grain = grain;
        _state = state;
        _metrics = metrics;
        _options = options;
        var services = ((IGrainBase)grain).GrainContext.ActivationServices;
        _chunks = services.GetService<HistoryChunkStore>();
        _retention = services.GetService<SensorRetention>();
        _clock = services.GetRequiredService<WriteBehindClock>();
        _logger = services.GetService<ILogger<WriteBehind>>() ?? NullLogger<WriteBehind>.Instance;
    }

    /// <summary>
    /// The entity's history per metric. Opened on first use; an idle entity whose points are all
    /// stored lets it go (its ring is most of what a resident grain holds beyond Orleans' own cost)
    /// and reopens it from the stored counts when a reading or a query comes.
    /// </summary>
    public PersistedHistory History => _history ??= OpenHistory();

    private PersistedHistory OpenHistory()
    {
        var id = _grain.GetPrimaryKeyString();
        var history = new PersistedHistory(
            id,
            new MetricHistory(_options.HistoryCapacity),
            _chunks,
            _metrics,
            _options.HistoryFlushInterval,
            TimeProvider.System,
            _retention is null ? null : RetentionOfAsync);
        history.Resume();
        return history;
    }

    // A metric's retention as the register gives it, remembered in the state; once no registered sensor reports
    // the metric (removed from the register), the one remembered: the register's promise outlives the sensor.
    private async ValueTask<TimeSpan?> RetentionOfAsync(int metric)
    {
        if (await _retention!.OfAsync(_grain.GetPrimaryKeyString(), metric) is not { } registered)
        {
            return _metrics.RetentionOf(metric);
        }

        if (_metrics.RememberRetention(metric, registered))
        {
            MarkDirty();
        }

        return registered;
    }

    /// <summary>
    /// The silo's retention sweep (<see cref="IWritesBehind.ExpireHistoryAsync"/>): deletes the stored history
    /// past its retention, for an entity that no reading wakes (one an hour at most, like the clock's). An
    /// entity with nothing to write and no call scheduled then deactivates: the sweep does not leave the whole
    /// city resident.
    /// </summary>
    public async Task ExpireHistoryAsync()
    {
        if (_chunks is not null && _metrics.HistoryStored.Any(count => count > 0))
        {
            await History.ExpireIfDueAsync(CancellationToken.None);
        }

        if (_call is null && !_dirty && _history?.HasUnstored != true)
        {
            ((IGrainBase)_grain).DeactivateOnIdle();
        }
    }

    /// <summary>
    /// Applies readings to the latest values and the history, and schedules their write. A reading newer
    /// than its metric's latest value replaces it; an older one (packs that raced, a sensor sending what it
    /// buffered) takes its place in the history only; one at a time already held (a replay) changes nothing.
    /// </summary>
    /// <returns>How many latest values changed.</returns>
    public async ValueTask<int> ApplyAsync(IReadOnlyList<MetricReading> readings)
    {
        var history = History; // opened before the latest values move: it resumes from their times
        var changed = 0;
        var recorded = false;
        for (var i = 0; i < readings.Count; i++) // not foreach: an interface's enumerator is an allocation per call
        {
            var reading = readings[i];
            changed += _metrics.Apply(reading) ? 1 : 0;
            recorded |= await history.AddAsync(reading.MetricIndex, reading.Time, reading.Value);
        }

        if (changed > 0 || recorded)
        {
            MarkDirty();
        }

        return changed;
    }

    /// <summary>Readings changed the state: write it within one interval.</summary>
    public void MarkDirty()
    {
        _dirty = true;
        // The first write comes at a random point of the first interval: entities that got their first readings
        // together (a city starting up, a fleet reporting on the minute) then write evenly spread over every
        // interval after it, instead of in a wave that takes the cores from ingestion while it lasts.
        _call ??= _clock.Schedule(_grain.AsReference<IWritesBehind>(), _options.StateFlushInterval * (0.05 + (Random.Shared.NextDouble() * 0.95)));
    }

    /// <summary>
    /// For the end of a call that applied readings: with <see cref="TwinCitySiloOptions.DurableReadings"/>,
    /// writes what is pending now, so the caller acknowledges only what is stored. Also when this call
    /// changed nothing: a reading sent again after a failed write is already held, but not yet stored.
    /// </summary>
    public Task BeforeAcknowledgeAsync() =>
        _options.DurableReadings && (_dirty || _history?.HasUnstored == true)
            ? WriteAsync(force: true, CancellationToken.None)
            : Task.CompletedTask;

    /// <summary>The grain has just written its state itself.</summary>
    public void MarkClean() => _dirty = false;

    /// <summary>Writes everything pending now, history included; for <c>OnDeactivateAsync</c>.</summary>
    public Task WritePendingAsync(CancellationToken cancellationToken)
    {
        _call?.Cancel(); // a call after this would only activate the entity again
        _call = null;
        return WriteAsync(force: true, cancellationToken);
    }

    /// <summary>The clock's call (<see cref="IWritesBehind.WriteBehindAsync"/>): writes what is due, and asks to be called again while there was something.</summary>
    public async Task OnClockAsync()
    {
        _call?.Cancel(); // a call from elsewhere (or a late one) replaces the one scheduled
        _call = null;
        if (!_dirty && _history?.HasUnstored != true)
        {
            // A whole interval without readings: an idle entity waits for no call and, when its points
            // are in the store, holds no history in memory (a resident grain costs less); the next reading
            // schedules a call again, and the next reading or query reopens the history.
            if (_chunks is not null)
            {
                _history = null;
            }

            return;
        }

        await WriteAsync(force: false, CancellationToken.None);
        _call ??= _clock.Schedule(_grain.AsReference<IWritesBehind>(), _options.StateFlushInterval);
        try
        {
            if (_history is not null)
            {
                await _history.ExpireIfDueAsync(CancellationToken.None); // after the write: what must be stored never waits on housekeeping
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning(e, "History of {Entity}: deleting the chunks past their retention failed; the next write-behind tries again", _grain.GetPrimaryKeyString());
        }
    }

    private async Task WriteAsync(bool force, CancellationToken cancellationToken)
    {
        var historyWritten = _history is not null && await _history.FlushAsync(force, cancellationToken);
        if (_dirty || historyWritten)
        {
            _dirty = false;
            await _state.WriteStateAsync(cancellationToken);
        }
    }
}
