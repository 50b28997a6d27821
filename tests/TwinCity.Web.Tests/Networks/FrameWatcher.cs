using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace TwinCity.Web.Tests.Networks;

/// <summary>A SignalR client of the twin hub (MessagePack) that collects the frames it receives.</summary>
public sealed class FrameWatcher : IAsyncDisposable
{
    private readonly Channel<Frame> _frames = Channel.CreateUnbounded<Frame>();

    private FrameWatcher(Uri baseAddress)
    {
        Connection = new HubConnectionBuilder().WithUrl(new Uri(baseAddress, "/hubs/twin")).AddMessagePackProtocol().Build();
        Connection.On<string, long, bool, byte[]>("Frame", (tileId, sequence, isSnapshot, payload) =>
            _frames.Writer.TryWrite(new Frame(tileId, sequence, isSnapshot, payload)));
    }

    /// <summary>One frame as the hub sent it.</summary>
    public sealed record Frame(string TileId, long Sequence, bool IsSnapshot, byte[] Payload);

    /// <summary>The hub connection.</summary>
    public HubConnection Connection { get; }

    /// <summary>Connects and subscribes to <paramref name="tiles"/>.</summary>
    public static async Task<FrameWatcher> WatchAsync(Uri baseAddress, params string[] tiles)
    {
        var watcher = new FrameWatcher(baseAddress);
        await watcher.Connection.StartAsync();
        await watcher.Connection.InvokeAsync<int>("SubscribeTiles", tiles);
        return watcher;
    }

    /// <summary>The next frame matching <paramref name="match"/>; a timeout names <paramref name="phase"/>.</summary>
    public async Task<Frame> NextAsync(Func<Frame, bool> match, string phase, int seconds = 10)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            while (true)
            {
                var frame = await _frames.Reader.ReadAsync(timeout.Token);
                if (match(frame))
                {
                    return frame;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{phase}: expected a matching frame within {seconds} s, none arrived.");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
