using Microsoft.AspNetCore.SignalR;
using TwinCity.Models.Frames;
using TwinCity.Models.Grains;

namespace TwinCity.Web.Hubs;

/// <summary>
/// The adapter tile grains push to (as an Orleans observer): it forwards each frame to the
/// SignalR group of its tile, the way GPSTracker's RemoteLocationHub wraps its hub context.
/// </summary>
public sealed class TileFrameForwarder(IHubContext<TwinHub, ITwinClient> hub) : ITileObserver
{
    /// <inheritdoc />
    public Task OnFrameAsync(TileFrame frame) =>
        hub.Clients.Group(TileSubscriptions.GroupName(frame.TileId)).Frame(frame.TileId, frame.Sequence, frame.IsSnapshot, frame.Payload);
}
