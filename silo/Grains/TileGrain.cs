using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;
using TwinCity.Models.Frames;
using TwinCity.Models.Grains;
using TwinCity.Silo.Hosting;

namespace TwinCity.Silo.Grains;

/// <summary>
/// The live values of its features: ingestion hands it every reading of its features directly, and it
/// coalesces what changed into at most one frame per tick (DESIGN §4), so browsers get a bounded number
/// of messages however fast sensors speak. The values themselves are not persisted: the entity grains
/// hold and store them, and they come back here with the next readings.
/// </summary>
public sealed partial class TileGrain(
    [PersistentState("tile", TwinCitySiloOptions.StorageName)] IPersistentState<TileGrainState> state,
    IOptions<TwinCitySiloOptions> options,
    ILogger<TileGrain> logger) : Grain, ITileGrain
{
    private readonly ObserverManager<ITileObserver> _observers = new(options.Value.SubscriptionLifetime, logger);
    private TileValues _values = new(0, 0);
    private IGrainTimer? _tick;
    private long _sequence;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // State is read before activation; the values start unknown and fill from the next readings.
        _values = new TileValues(state.State.FeatureIds.Count, state.State.MetricCount);
        foreach (var subscriber in state.State.Subscribers)
        {
            // Each starts a fresh lifetime: a front end that is gone expires as if it had just subscribed.
            _observers.Subscribe(subscriber, subscriber);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task InitializeAsync(IReadOnlyList<string> featureIds, int metricCount)
    {
        state.State.FeatureIds = [.. featureIds];
        state.State.MetricCount = metricCount;
        await state.WriteStateAsync();
        _values = new TileValues(featureIds.Count, metricCount);
    }

    /// <inheritdoc />
    public Task ApplyReadingsAsync(IReadOnlyList<FeatureReading> readings)
    {
        for (var i = 0; i < readings.Count; i++) // not foreach: an interface's enumerator is an allocation per call
        {
            var reading = readings[i];
            if (!_values.Apply(reading))
            {
                LogReadingOutOfRange(this.GetPrimaryKeyString(), reading.FeatureIndex, reading.MetricIndex);
            }
        }

        if (_values.HasPending && _tick is null)
        {
            var period = options.Value.FrameInterval;
            _tick = this.RegisterGrainTimer(EmitFrameAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<TileFrame> GetSnapshotAsync() =>
        Task.FromResult(new TileFrame(this.GetPrimaryKeyString(), _sequence, IsSnapshot: true, TileFrameCodec.Encode(_values.All())));

    /// <inheritdoc />
    public Task<string?> GetFeatureIdAsync(int featureIndex) =>
        Task.FromResult((uint)featureIndex < (uint)state.State.FeatureIds.Count ? state.State.FeatureIds[featureIndex] : null);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> GetFeatureIdsAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.FeatureIds);

    /// <inheritdoc />
    public Task SubscribeAsync(ITileObserver observer)
    {
        var known = _observers.Observers.ContainsKey(observer);
        _observers.Subscribe(observer, observer);
        // A renewal changes nothing stored; a new front end (or an expired one) is written down.
        return known ? Task.CompletedTask : StoreSubscribersAsync();
    }

    /// <inheritdoc />
    public Task UnsubscribeAsync(ITileObserver observer)
    {
        _observers.Unsubscribe(observer);
        return StoreSubscribersAsync();
    }

    private Task StoreSubscribersAsync()
    {
        state.State.Subscribers = [.. _observers.Observers.Values];
        return state.WriteStateAsync();
    }

    private Task EmitFrameAsync(CancellationToken cancellationToken)
    {
        if (!_values.HasPending)
        {
            // Quiet tile: stop ticking until the next change instead of waking up ten times a second.
            _tick?.Dispose();
            _tick = null;
            return Task.CompletedTask;
        }

        var frame = new TileFrame(this.GetPrimaryKeyString(), ++_sequence, IsSnapshot: false, TileFrameCodec.Encode(_values.TakePending()));
        _observers.Notify(o => o.OnFrameAsync(frame));
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tile {TileId} ignored a reading for feature {FeatureIndex} metric {MetricIndex}: out of range")]
    private partial void LogReadingOutOfRange(string tileId, int featureIndex, int metricIndex);
}
