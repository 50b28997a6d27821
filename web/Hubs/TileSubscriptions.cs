using Microsoft.Extensions.Options;
using TwinCity.Models.Grains;
using TwinCity.Silo.Hosting;

namespace TwinCity.Web.Hubs;

/// <summary>
/// Which connections of this front end watch which tiles. The front end subscribes to a tile grain
/// once, when its first viewer arrives, and unsubscribes when the last one leaves; it renews live
/// subscriptions at a third of their lifetime so a restarted front end's stale ones simply expire.
/// </summary>
/// <remarks>
/// Whether to call the grain is decided per tile under a gate, from what is wanted at that moment and
/// what the grain was last told: a viewer arriving while the last one leaves must not have its
/// subscribe overtaken by the leaver's unsubscribe, or the tile would send this front end nothing
/// until the next renewal (a browser test opening a page as the previous one closed caught that).
/// </remarks>
public sealed partial class TileSubscriptions : BackgroundService
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<string>> _connectionsByTile = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _tilesByConnection = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _grainGates = new(StringComparer.Ordinal);
    private readonly HashSet<string> _subscribedGrains = new(StringComparer.Ordinal);
    private readonly IGrainFactory _grains;
    private readonly TimeSpan _renewEvery;
    private readonly ILogger<TileSubscriptions> _logger;
    private readonly Lazy<ITileObserver> _observer;
    private readonly TimeProvider _time;
    private (long Version, HashSet<string> Tiles) _knownTiles = (-1, []);

    /// <summary>Creates the registry and the observer reference tile grains will call.</summary>
    public TileSubscriptions(IGrainFactory grains, TileFrameForwarder forwarder, IOptions<TwinCitySiloOptions> options, TimeProvider time, ILogger<TileSubscriptions> logger)
    {
        _grains = grains;
        _renewEvery = options.Value.SubscriptionLifetime / 3;
        _time = time;
        _logger = logger;
        // Created on first use: the co-hosted silo's runtime is not up while DI builds hosted services.
        // The reference holds the forwarder weakly; DI keeps the forwarder alive as a singleton.
        _observer = new(() => grains.CreateObjectReference<ITileObserver>(forwarder));
    }

    /// <summary>The SignalR group of a tile.</summary>
    public static string GroupName(string tileId) => "tile:" + tileId;

    /// <summary>Ids of the current city's tiles, cached per city version.</summary>
    public async Task<IReadOnlySet<string>> KnownTilesAsync()
    {
        var city = await _grains.GetGrain<ICityGrain>(ICityGrain.DefaultKey).GetCityAsync();
        if (city is null)
        {
            return new HashSet<string>();
        }

        var known = _knownTiles;
        if (known.Version != city.Version)
        {
            known = (city.Version, city.Tiles.Select(t => t.Id).ToHashSet(StringComparer.Ordinal));
            _knownTiles = known;
        }

        return known.Tiles;
    }

    /// <summary>Number of tiles a connection watches.</summary>
    public int CountFor(string connectionId)
    {
        lock (_lock)
        {
            return _tilesByConnection.TryGetValue(connectionId, out var tiles) ? tiles.Count : 0;
        }
    }

    /// <summary>True when the connection watches the tile.</summary>
    public bool IsSubscribed(string connectionId, string tileId)
    {
        lock (_lock)
        {
            return _tilesByConnection.TryGetValue(connectionId, out var tiles) && tiles.Contains(tileId);
        }
    }

    /// <summary>Records that a connection watches a tile; subscribes to the grain for the first one.</summary>
    public async Task AddAsync(string connectionId, string tileId)
    {
        lock (_lock)
        {
            if (!_connectionsByTile.TryGetValue(tileId, out var connections))
            {
                connections = new HashSet<string>(StringComparer.Ordinal);
                _connectionsByTile[tileId] = connections;
            }

            connections.Add(connectionId);
            if (!_tilesByConnection.TryGetValue(connectionId, out var tiles))
            {
                tiles = new HashSet<string>(StringComparer.Ordinal);
                _tilesByConnection[connectionId] = tiles;
            }

            tiles.Add(tileId);
        }

        await SyncGrainAsync(tileId);
    }

    /// <summary>Records that a connection stopped watching a tile; unsubscribes after the last one.</summary>
    public async Task RemoveAsync(string connectionId, string tileId)
    {
        lock (_lock)
        {
            if (_tilesByConnection.TryGetValue(connectionId, out var tiles))
            {
                tiles.Remove(tileId);
            }

            if (_connectionsByTile.TryGetValue(tileId, out var connections) && connections.Remove(connectionId) && connections.Count == 0)
            {
                _connectionsByTile.Remove(tileId);
            }
        }

        await SyncGrainAsync(tileId);
    }

    /// <summary>Subscribes to or unsubscribes from the tile grain so it matches whether a viewer watches the tile now.</summary>
    private async Task SyncGrainAsync(string tileId)
    {
        var gate = _grainGates.GetOrAdd(tileId, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            bool wanted, told;
            lock (_lock)
            {
                wanted = _connectionsByTile.ContainsKey(tileId);
                told = _subscribedGrains.Contains(tileId);
            }

            if (wanted == told)
            {
                return;
            }

            var tile = _grains.GetGrain<ITileGrain>(tileId);
            await (wanted ? tile.SubscribeAsync(_observer.Value) : tile.UnsubscribeAsync(_observer.Value));
            lock (_lock)
            {
                _ = wanted ? _subscribedGrains.Add(tileId) : _subscribedGrains.Remove(tileId);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forgets a closed connection.</summary>
    public async Task RemoveConnectionAsync(string connectionId)
    {
        string[] tiles;
        lock (_lock)
        {
            tiles = _tilesByConnection.Remove(connectionId, out var set) ? [.. set] : [];
        }

        foreach (var tileId in tiles)
        {
            await RemoveAsync(connectionId, tileId);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_renewEvery, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            string[] tiles;
            lock (_lock)
            {
                tiles = [.. _connectionsByTile.Keys];
            }

            foreach (var tileId in tiles)
            {
                try
                {
                    await _grains.GetGrain<ITileGrain>(tileId).SubscribeAsync(_observer.Value);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRenewFailed(ex, tileId);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the subscription to tile {TileId} failed; retrying at the next renewal")]
    private partial void LogRenewFailed(Exception exception, string tileId);
}
