using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Channel;

namespace TwinCity.Web.Mqtt;

/// <summary>
/// One broker connection's TCP socket for MQTTnet, read and written in bulk. MQTTnet reads a packet in
/// two or three small reads (fixed header, length, body) and writes each PUBACK on its own; on a plain
/// socket each is a system call, and each PUBACK a TCP segment the loopback delivers to the client on
/// our own CPU. Measured at the scale, the kernel took half of the broker's CPU for QoS 1.
/// </summary>
/// <remarks>
/// <para>
/// Reads come from a buffer filled by one receive of whatever the client has sent (many publishes, when
/// it sends several before waiting for their acknowledgements). Writes wait in an outgoing buffer while
/// packets already received are being handled, and leave together just before the connection next waits
/// for the client, so a burst of publishes is answered by one send. Nothing waits on a client that sends
/// one publish at a time: its PUBACK leaves before the next receive, as soon as it would have.
/// </para>
/// <para>
/// A write made while the connection waits for the client (the broker speaking first, e.g. to disconnect
/// it) leaves at once, as do writes past <see cref="FlushAt"/> bytes: nothing is held back but for a
/// packet already in hand.
/// </para>
/// </remarks>
internal sealed class CoalescingChannel(Socket socket, EndPoint local, EndPoint remote) : IMqttChannel
{
    /// <summary>Bytes read from the socket at most at once.</summary>
    private const int ReceiveSize = 16 * 1024;

    /// <summary>Outgoing bytes past which a write is sent at once rather than held for the next wait.</summary>
    private const int FlushAt = 8 * 1024;

    private readonly byte[] _received = new byte[ReceiveSize];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private ArrayBufferWriter<byte> _outgoing = new(FlushAt);
    private ArrayBufferWriter<byte> _spare = new(FlushAt);
    private int _start;
    private int _end;
    private bool _waiting; // a receive is under way: nothing more comes from the client until it ends

    /// <inheritdoc />
    public X509Certificate2? ClientCertificate => null;

    /// <inheritdoc />
    public EndPoint LocalEndPoint => local;

    /// <inheritdoc />
    public EndPoint RemoteEndPoint => remote;

    /// <inheritdoc />
    public bool IsSecureConnection => false;

    /// <inheritdoc />
    public Task ConnectAsync(CancellationToken cancellationToken) => throw new NotSupportedException("A broker connection is accepted, not opened.");

    /// <inheritdoc />
    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        socket.Shutdown(SocketShutdown.Both);
    }

    /// <inheritdoc />
    public async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            // About to wait for the client: what it is owed goes first.
            while (true)
            {
                lock (_lock)
                {
                    if (_outgoing.WrittenCount == 0)
                    {
                        _waiting = true;
                        break;
                    }
                }

                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                _end = await socket.ReceiveAsync(_received.AsMemory(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                _start = 0;
            }
            finally
            {
                lock (_lock)
                {
                    _waiting = false;
                }
            }

            if (_end == 0)
            {
                return 0; // the client closed the connection
            }
        }

        var taken = Math.Min(count, _end - _start);
        _received.AsSpan(_start, taken).CopyTo(buffer.AsSpan(offset, taken));
        _start += taken;
        return taken;
    }

    /// <inheritdoc />
    public Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var segment in buffer)
            {
                _outgoing.Write(segment.Span);
            }

            if (!_waiting && _outgoing.WrittenCount < FlushAt)
            {
                return Task.CompletedTask; // the reader sends it before it next waits for the client
            }
        }

        return FlushAsync(cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        socket.Dispose();
        _sending.Dispose();
    }

    /// <summary>Sends everything written so far, in the order written.</summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ArrayBufferWriter<byte> sending;
            lock (_lock)
            {
                if (_outgoing.WrittenCount == 0)
                {
                    return;
                }

                (sending, _outgoing) = (_outgoing, _spare);
            }

            var left = sending.WrittenMemory;
            while (!left.IsEmpty)
            {
                left = left[await socket.SendAsync(left, SocketFlags.None, cancellationToken).ConfigureAwait(false)..];
            }

            sending.ResetWrittenCount();
            _spare = sending;
        }
        finally
        {
            _sending.Release();
        }
    }
}
