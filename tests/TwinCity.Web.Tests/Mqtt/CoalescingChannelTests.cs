using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using TwinCity.Web.Mqtt;

namespace TwinCity.Web.Tests.Mqtt;

/// <summary>The broker's socket channel on a real loopback connection: when what it writes leaves.</summary>
public sealed class CoalescingChannelTests : IAsyncLifetime
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);
    private Socket _client = null!;
    private CoalescingChannel _channel = null!;

    public async Task InitializeAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        _client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accepting = listener.AcceptAsync();
        await _client.ConnectAsync(listener.LocalEndPoint!);
        var server = await accepting;
        _channel = new CoalescingChannel(server, server.LocalEndPoint!, server.RemoteEndPoint!);
    }

    public Task DisposeAsync()
    {
        _channel.Dispose();
        _client.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Answers_to_packets_received_together_leave_together_once_the_channel_would_wait_for_more()
    {
        await _client.SendAsync("abc"u8.ToArray()); // three "packets" in one segment
        var one = new byte[1];

        foreach (var (packet, answer) in new[] { ('a', "A"), ('b', "B"), ('c', "C") })
        {
            Assert.Equal(1, await _channel.ReadAsync(one, 0, 1, CancellationToken.None));
            Assert.Equal((byte)packet, one[0]);
            await _channel.WriteAsync(Bytes(answer), isEndOfPacket: true, CancellationToken.None);
            await Task.Delay(Quiet / 4);
            Assert.Equal(0, _client.Available); // held while packets already received remain to be handled
        }

        // Nothing left to handle: the next read sends the answers before it waits.
        var reading = _channel.ReadAsync(one, 0, 1, CancellationToken.None);
        Assert.Equal("ABC", await ReceiveAsync(3));
        Assert.False(reading.IsCompleted);
        await _client.SendAsync("d"u8.ToArray());
        Assert.Equal(1, await reading.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_write_while_the_channel_waits_for_the_client_leaves_at_once()
    {
        var reading = _channel.ReadAsync(new byte[1], 0, 1, CancellationToken.None);
        await Task.Delay(Quiet / 4);

        await _channel.WriteAsync(Bytes("bye"), isEndOfPacket: true, CancellationToken.None);

        Assert.Equal("bye", await ReceiveAsync(3));
        Assert.False(reading.IsCompleted);
    }

    [Fact]
    public async Task Held_writes_leave_at_once_past_the_size_limit_and_on_disconnect()
    {
        await _client.SendAsync("ab"u8.ToArray());
        Assert.Equal(1, await _channel.ReadAsync(new byte[1], 0, 1, CancellationToken.None));

        var large = new string('x', 9 * 1024);
        await _channel.WriteAsync(Bytes(large), isEndOfPacket: true, CancellationToken.None);
        Assert.Equal(large, await ReceiveAsync(large.Length));

        await _channel.WriteAsync(Bytes("last"), isEndOfPacket: true, CancellationToken.None);
        await Task.Delay(Quiet / 4);
        Assert.Equal(0, _client.Available);
        await _channel.DisconnectAsync(CancellationToken.None);
        Assert.Equal("last", await ReceiveAsync(4));
        Assert.Equal(0, await _client.ReceiveAsync(new byte[1]).WaitAsync(TimeSpan.FromSeconds(5))); // closed
    }

    [Fact]
    public async Task A_packet_in_two_writes_leaves_whole_and_in_order()
    {
        await _client.SendAsync("a"u8.ToArray());
        Assert.Equal(1, await _channel.ReadAsync(new byte[1], 0, 1, CancellationToken.None));

        var head = new Segment("head"u8.ToArray());
        var body = head.Append("body"u8.ToArray());
        await _channel.WriteAsync(new ReadOnlySequence<byte>(head, 0, body, 4), isEndOfPacket: false, CancellationToken.None);
        await _channel.WriteAsync(Bytes("-end"), isEndOfPacket: true, CancellationToken.None);
        _ = _channel.ReadAsync(new byte[1], 0, 1, CancellationToken.None);

        Assert.Equal("headbody-end", await ReceiveAsync(12));
    }

    private static ReadOnlySequence<byte> Bytes(string text) => new(Encoding.ASCII.GetBytes(text));

    private async Task<string> ReceiveAsync(int count)
    {
        var buffer = new byte[count];
        var received = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (received < count)
        {
            var read = await _client.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, timeout.Token);
            Assert.NotEqual(0, read);
            received += read;
        }

        return Encoding.ASCII.GetString(buffer);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes) => Memory = bytes;

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
