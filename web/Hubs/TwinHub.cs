using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using TwinCity.Models.Grains;
using TwinCity.Silo.Ingestion;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Hubs;

/// <summary>
/// The live channel to viewers: a viewer subscribes to the tiles it shows and receives their
/// frames. Every method declares its role; nothing here writes to the twin.
/// </summary>
public sealed class TwinHub(TileSubscriptions subscriptions, IGrainFactory grains, ReadingIngestor ingestor) : Hub<ITwinClient>
{
    /// <summary>Most tiles one connection may watch at once.</summary>
    public const int MaxTilesPerConnection = 1024;

    /// <summary>Starts sending the frames of <paramref name="tileIds"/>, each preceded by a snapshot.</summary>
    /// <returns>The number of tiles now watched by this connection.</returns>
    [Authorize(Policy = Roles.Public)]
    public async Task<int> SubscribeTiles(string[] tileIds)
    {
        var known = await subscriptions.KnownTilesAsync();
        var unknown = tileIds.FirstOrDefault(id => !known.Contains(id));
        if (unknown is not null)
        {
            throw new HubException($"SubscribeTiles: unknown tile '{unknown[..Math.Min(unknown.Length, 64)]}'.");
        }

        var count = subscriptions.CountFor(Context.ConnectionId) + tileIds.Length;
        if (count > MaxTilesPerConnection)
        {
            throw new HubException($"SubscribeTiles: at most {MaxTilesPerConnection} tiles per connection, {count} requested.");
        }

        foreach (var tileId in tileIds.Distinct())
        {
            // Join the group before taking the snapshot: a frame sent in between is then either in
            // the snapshot or after it, never lost. The viewer drops frames older than its snapshot.
            await Groups.AddToGroupAsync(Context.ConnectionId, TileSubscriptions.GroupName(tileId));
            await subscriptions.AddAsync(Context.ConnectionId, tileId);
            await SendSnapshotAsync(tileId);
        }

        return subscriptions.CountFor(Context.ConnectionId);
    }

    /// <summary>Stops sending the frames of <paramref name="tileIds"/>.</summary>
    [Authorize(Policy = Roles.Public)]
    public async Task UnsubscribeTiles(string[] tileIds)
    {
        foreach (var tileId in tileIds.Distinct())
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, TileSubscriptions.GroupName(tileId));
            await subscriptions.RemoveAsync(Context.ConnectionId, tileId);
        }
    }

    /// <summary>Sends the tile's whole state again, for a viewer that noticed a gap in sequence numbers.</summary>
    /// <summary>The SignalR group that receives alert changes.</summary>
    public const string AlertsGroup = "alerts";

    /// <summary>Operators only: receive every alert change (<c>Alert</c>) from now on.</summary>
    [Authorize(Policy = Roles.Operator)]
    public Task WatchAlerts() => Groups.AddToGroupAsync(Context.ConnectionId, AlertsGroup);

    [Authorize(Policy = Roles.Public)]
    public async Task RequestSnapshot(string tileId)
    {
        if (!subscriptions.IsSubscribed(Context.ConnectionId, tileId))
        {
            throw new HubException($"RequestSnapshot: this connection does not watch tile '{tileId[..Math.Min(tileId.Length, 64)]}'.");
        }

        await SendSnapshotAsync(tileId);
    }

    /// <inheritdoc />
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await subscriptions.RemoveConnectionAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    private async Task SendSnapshotAsync(string tileId)
    {
        await ingestor.FlushTileAsync(tileId); // every reading acknowledged so far is in the snapshot
        var frame = await grains.GetGrain<ITileGrain>(tileId).GetSnapshotAsync();
        await Clients.Caller.Frame(frame.TileId, frame.Sequence, frame.IsSnapshot, frame.Payload);
    }
}
