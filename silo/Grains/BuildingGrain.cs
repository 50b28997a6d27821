using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Hosting;

namespace TwinCity.Silo.Grains;

/// <summary>
/// One building: its imported description, the latest value of each metric and their history. A reading
/// older than the value it would replace goes to its place in the history only, and a replayed one changes
/// nothing, so replays and reordered batches converge (<see cref="WriteBehind.ApplyAsync"/>).
/// </summary>
public sealed partial class BuildingGrain(
    [PersistentState("building", TwinCitySiloOptions.StorageName)] IPersistentState<BuildingState> state,
    IOptions<TwinCitySiloOptions> options,
    SharedStrings strings,
    ILogger<BuildingGrain> logger) : Grain, IBuildingGrain
{
    private WriteBehind _store = null!;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _store = new WriteBehind(this, state, state.State.Metrics, options.Value);
        state.State.Info = strings.Share(state.State.Info);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task InitializeAsync(BuildingInfo info)
    {
        if (state.State.Info?.TileId != info.TileId || state.State.Info?.FeatureIndex != info.FeatureIndex)
        {
            // A building that moved tile or feature index starts over: its old values belong to the old mapping.
            state.State.Metrics.ClearValues();
        }

        state.State.Info = strings.Share(info);
        await state.WriteStateAsync();
        _store.MarkClean();
    }

    /// <inheritdoc />
    public async Task<AppliedReadings> ApplyReadingsAsync(IReadOnlyList<MetricReading> readings)
    {
        var info = state.State.Info;
        if (info is null)
        {
            LogUnknownBuilding(this.GetPrimaryKeyString(), readings.Count);
            return AppliedReadings.Unknown;
        }

        var changed = await _store.ApplyAsync(readings);
        await _store.BeforeAcknowledgeAsync();
        return new AppliedReadings(true, info.TileId, changed);
    }

    /// <inheritdoc />
    public Task<BuildingSnapshot?> GetSnapshotAsync()
    {
        var info = state.State.Info;
        if (info is null)
        {
            return Task.FromResult<BuildingSnapshot?>(null);
        }

        return Task.FromResult<BuildingSnapshot?>(new BuildingSnapshot(info, state.State.Metrics.ById(), state.State.Metrics.Updated));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HistoryPoint>> GetHistoryAsync(int metricIndex, DateTimeOffset from, DateTimeOffset to, int maxPoints) =>
        await _store.History.QueryAsync(metricIndex, from, to, maxPoints);

    /// <inheritdoc />
    public Task WriteBehindAsync() => _store.OnClockAsync();

    /// <inheritdoc />
    public Task ExpireHistoryAsync() => _store.ExpireHistoryAsync();

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _store.WritePendingAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Readings for unknown building {EntityId} ignored ({Count})")]
    private partial void LogUnknownBuilding(string entityId, int count);
}
