namespace TwinCity.Web.Hubs;

/// <summary>What the server calls on a connected viewer.</summary>
public interface ITwinClient
{
    /// <summary>
    /// A tile frame (see <c>TileFrameCodec</c> for <paramref name="payload"/>). Positional arguments
    /// keep the MessagePack message a flat array, cheap to decode in the browser.
    /// </summary>
    Task Frame(string tileId, long sequence, bool isSnapshot, byte[] payload);

    /// <summary>A new city is live (an import finished): reload the catalogue and the tiles.</summary>
    Task CityChanged(long version);

    /// <summary>An alert was raised, acknowledged or cleared (operators who called <c>WatchAlerts</c>).</summary>
    Task Alert(TwinCity.Models.Alerts.Alert alert);
}
