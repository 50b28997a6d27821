using Microsoft.Extensions.DependencyInjection;
using Orleans.Core;
using TwinCity.Silo.Hosting;
using TwinCity.Silo.Persistence;

namespace TwinCity.Silo.Grains;

/// <summary>
/// How an entity grain (building, street segment, network element) stores what readings change.
/// Latest values change many times a second; writing state on every reading would make the store
/// the bottleneck. So they are written at most once per <see cref="TwinCitySiloOptions.StateFlushInterval"/>,
/// the history chunks when one fills or after <see cref="TwinCitySiloOptions.HistoryFlushInterval"/>,
/// and both on deactivation: a crash loses at most those intervals (README, "Running a cluster",
/// says what an acknowledgement guarantees).
/// </summary>
public sealed class WriteBehind
{
    private readonly Grain _grain;
    private readonly IStorage _state;
    private readonly TimeSpan _interval;
    private IDisposable? _timer;
    private bool _dirty;

    /// <summary>Call from the grain's <c>OnActivateAsync</c>, once its state is read.</summary>
    /// <param name="grain">The entity grain.</param>
    /// <param name="state">Its persistent state.</param>
    /// <param name="historyStored">The part of that state that counts stored history points.</param>
    /// <param name="options">Silo options: history capacity and flush interval.</param>
    public WriteBehind(Grain grain, IStorage state, Dictionary<int, long> historyStored, TwinCitySiloOptions options)
    {
        _grain = grain;
        _state = state;
        _interval = options.StateFlushInterval;
        History = new PersistedHistory(
            grain.GetPrimaryKeyString(),
            new MetricHistory(options.HistoryCapacity),
            ((IGrainBase)grain).GrainContext.ActivationServices.GetService<HistoryChunkStore>(),
            historyStored,
            options.HistoryFlushInterval,
            TimeProvider.System);
        History.Resume();
    }

    /// <summary>The entity's history per metric.</summary>
    public PersistedHistory History { get; }

    /// <summary>Readings changed the state: write it within one interval.</summary>
    public void MarkDirty()
    {
        _dirty = true;
        _timer ??= _grain.RegisterGrainTimer(FlushAsync, _interval, _interval);
    }

    /// <summary>The grain has just written its state itself.</summary>
    public void MarkClean() => _dirty = false;

    /// <summary>Writes everything pending now, history included; for <c>OnDeactivateAsync</c>.</summary>
    public Task WritePendingAsync(CancellationToken cancellationToken) => WriteAsync(force: true, cancellationToken);

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_dirty && !History.HasUnstored)
        {
            // A whole interval without readings: an idle entity holds no timer (a resident grain
            // costs less); the next reading registers one again.
            _timer?.Dispose();
            _timer = null;
            return;
        }

        await WriteAsync(force: false, cancellationToken);
    }

    private async Task WriteAsync(bool force, CancellationToken cancellationToken)
    {
        var historyWritten = await History.FlushAsync(force, cancellationToken);
        if (_dirty || historyWritten)
        {
            _dirty = false;
            await _state.WriteStateAsync(cancellationToken);
        }
    }
}
