namespace TwinCity.Web.Hubs;

/// <summary>What the server calls on a connected viewer.</summary>
public interface ITwinClient
{
    /// <summary>
    /// A tile frame (see <c>TileFrameCodec</c> for <paramref name="payload"/>). Positional arguments
    /// keep the MessagePack message a flat array, cheap to decode in the browser.
    /// </summary>
    Task Frame(string tileId, long sequence, bool isSnapshot, byte[] payload);
}
