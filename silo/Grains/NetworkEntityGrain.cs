using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Hosting;
using TwinCity.Silo.Ingestion;

namespace TwinCity.Silo.Grains;

/// <summary>
/// One street segment, utility node or edge. The same machinery as <see cref="BuildingGrain"/>
/// (<see cref="EntityMetrics"/>, <see cref="MetricHistory"/>, state flushed at most once per interval),
/// over its own description record, so a segment is a first-class entity and not a fake building.
/// </summary>
/// <remarks>
/// A city has several times more segments than buildings, and initialising each grain at load cost more than
/// the rest of the load together. So a city load only fills the layer tiles' catalogues, and this grain reads
/// its description from its tile's <see cref="ILayerTileCatalogGrain"/> when it is first used, and again when
/// the city's version has changed since (DESIGN §3: activated on demand).
/// </remarks>
public sealed partial class NetworkEntityGrain(
    [PersistentState("network-entity", TwinCitySiloOptions.StorageName)] IPersistentState<NetworkEntityState> state,
    EntityDirectory directory,
    IOptions<TwinCitySiloOptions> options,
    SharedStrings strings,
    ILogger<NetworkEntityGrain> logger) : Grain, INetworkEntityGrain
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
    public async Task InitializeAsync(NetworkEntityInfo info)
    {
        Describe(info, cityVersion: -1);
        await state.WriteStateAsync();
        _store.MarkClean();
    }

    /// <inheritdoc />
    public async Task<AppliedReadings> ApplyReadingsAsync(IReadOnlyList<MetricReading> readings)
    {
        var info = await InfoAsync();
        if (info is null)
        {
            LogUnknownEntity(this.GetPrimaryKeyString(), readings.Count);
            return AppliedReadings.Unknown;
        }

        var changed = await _store.ApplyAsync(readings);
        await _store.BeforeAcknowledgeAsync();
        return new AppliedReadings(true, info.TileId, changed);
    }

    /// <inheritdoc />
    public async Task<NetworkEntitySnapshot?> GetSnapshotAsync()
    {
        var info = await InfoAsync();
        return info is null ? null : new NetworkEntitySnapshot(info, state.State.Metrics.ById(), state.State.Metrics.Updated);
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

    /// <summary>
    /// The description: as initialised explicitly, else read from the layer tile catalogue of the current city
    /// (re-read when the city changed); null when neither knows this id.
    /// </summary>
    private async ValueTask<NetworkEntityInfo?> InfoAsync()
    {
        if (state.State.Info is not null && state.State.CityVersion < 0)
        {
            return state.State.Info;
        }

        var id = this.GetPrimaryKeyString();
        var (version, tileId) = await directory.GetNetworkTileAsync(id);
        if (state.State.Info is not null && version == state.State.CityVersion)
        {
            return state.State.Info;
        }

        var info = tileId is null ? null : await GrainFactory.GetGrain<ILayerTileCatalogGrain>(tileId).GetEntityAsync(id);
        if (info is null)
        {
            // Not in the current city (any more): unknown, as an id that was never imported.
            state.State.Info = null;
            return null;
        }

        // Kept in memory only: the catalogue holds it, and it is written with the next values.
        Describe(info, version);
        return info;
    }

    private void Describe(NetworkEntityInfo info, long cityVersion)
    {
        if (state.State.Info?.TileId != info.TileId || state.State.Info?.FeatureIndex != info.FeatureIndex)
        {
            // Moved to another tile or feature index: the old values belong to the old mapping.
            state.State.Metrics.ClearValues();
        }

        state.State.Info = strings.Share(info);
        state.State.CityVersion = cityVersion;
    }


    [LoggerMessage(Level = LogLevel.Debug, Message = "Readings for unknown network entity {EntityId} ignored ({Count})")]
    private partial void LogUnknownEntity(string entityId, int count);
}
