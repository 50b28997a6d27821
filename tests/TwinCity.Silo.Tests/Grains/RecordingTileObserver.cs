using System.Threading.Channels;
using TwinCity.Models.Frames;
using TwinCity.Models.Grains;

namespace TwinCity.Silo.Tests.Grains;

/// <summary>A tile observer that queues every frame it receives, for tests to await.</summary>
public sealed class RecordingTileObserver : ITileObserver
{
    private readonly Channel<TileFrame> _frames = Channel.CreateUnbounded<TileFrame>();

    /// <inheritdoc />
    public Task OnFrameAsync(TileFrame frame) => _frames.Writer.WriteAsync(frame).AsTask();

    /// <summary>The next frame, or a failure naming what was awaited when none comes in time.</summary>
    public async Task<TileFrame> NextAsync(string phase, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            return await _frames.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{phase}: expected a frame within {timeout ?? TimeSpan.FromSeconds(10)}, none arrived.");
        }
    }

    /// <summary>True when a frame is waiting.</summary>
    public bool HasPending => _frames.Reader.Count > 0;
}
