using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using TwinCity.Models.Frames;
using TwinCity.Web.Auth;

namespace TwinCity.Web.Tests.Hubs;

[Collection(AppCollection.Name)]
public sealed class TwinHubTests(TwinCityAppFixture app)
{
    private sealed record Frame(string TileId, long Sequence, bool IsSnapshot, byte[] Payload);

    [Fact]
    public async Task Posted_readings_arrive_as_a_frame_with_their_feature_indexes_and_values()
    {
        using var operatorClient = app.CreateClient(Roles.Operator);
        var (tile, count) = await CityProbe.BusiestTileAsync(operatorClient);
        var (first, last) = (await CityProbe.FeatureIdAsync(operatorClient, tile, 0), await CityProbe.FeatureIdAsync(operatorClient, tile, count - 1));
        await using var connection = Connect(out var frames);
        await connection.StartAsync();

        var watched = await connection.InvokeAsync<int>("SubscribeTiles", new[] { tile });
        var snapshot = await NextAsync(frames, "snapshot after subscribing");
        var response = await operatorClient.PostAsJsonAsync("/api/readings", new object[]
        {
            new { entity = first, metric = "power_kw", value = 17.5 },
            new { entity = last, metric = "indoor_temp_c", value = 23.25 },
        });
        response.EnsureSuccessStatusCode();
        var delta = await NextMatchingAsync(frames, f => !f.IsSnapshot, "delta after posting");

        Assert.Equal(1, watched);
        Assert.True(snapshot.IsSnapshot);
        Assert.Equal(tile, delta.TileId);
        Assert.True(delta.Sequence > snapshot.Sequence);
        var changes = TileFrameCodec.Decode(delta.Payload);
        Assert.Contains(new FeatureChange(0, 0, 17.5f), changes);
        Assert.Contains(new FeatureChange(count - 1, 1, 23.25f), changes);
    }

    [Fact]
    public async Task Subscribing_to_an_unknown_tile_fails_with_its_name()
    {
        await using var connection = Connect(out _);
        await connection.StartAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<int>("SubscribeTiles", new[] { "t-nowhere" }));

        Assert.Contains("unknown tile 't-nowhere'", error.Message);
    }

    [Fact]
    public async Task Snapshot_can_only_be_requested_for_a_watched_tile()
    {
        await using var connection = Connect(out _);
        await connection.StartAsync();
        var (tile, _) = await CityProbe.BusiestTileAsync(app.CreateClient());

        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("RequestSnapshot", tile));

        Assert.Contains("does not watch", error.Message);
    }

    private HubConnection Connect(out Channel<Frame> frames)
    {
        var channel = Channel.CreateUnbounded<Frame>();
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, "/hubs/twin"))
            .AddMessagePackProtocol()
            .Build();
        connection.On<string, long, bool, byte[]>("Frame", (tileId, sequence, isSnapshot, payload) =>
            channel.Writer.TryWrite(new Frame(tileId, sequence, isSnapshot, payload)));
        frames = channel;
        return connection;
    }

    private static async Task<Frame> NextAsync(Channel<Frame> frames, string phase) =>
        await NextMatchingAsync(frames, _ => true, phase);

    private static async Task<Frame> NextMatchingAsync(Channel<Frame> frames, Func<Frame, bool> match, string phase)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                var frame = await frames.Reader.ReadAsync(timeout.Token);
                if (match(frame))
                {
                    return frame;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{phase}: expected a matching frame within 10 s, none arrived.");
        }
    }
}
