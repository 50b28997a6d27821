using Orleans.Concurrency;
using TwinCity.Models.Frames;

namespace TwinCity.Models.Grains;

/// <summary>A web front end that forwards a tile's frames to the browsers watching it.</summary>
public interface ITileObserver : IGrainObserver
{
    /// <summary>Receives a frame. One-way: a slow front end never holds up the tile grain.</summary>
    [OneWay]
    Task OnFrameAsync(TileFrame frame);
}
