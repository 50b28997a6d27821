using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace TwinCity.Benchmarks;

/// <summary>
/// An MQTT 5 publisher that costs its machine as little as a sensor costs the server: one TCP
/// connection, every PUBLISH (QoS 1) encoded once up front, sent in windows of
/// <see cref="Window"/> with one write, then their PUBACKs read back and counted by reason code.
/// </summary>
/// <remarks>
/// The load generator shares this machine's 2 cores with the server. MQTTnet's client spends about as
/// much CPU per publish as the broker does to receive it (builder, packet object, a task per publish),
/// so with it the figure measured the client as much as the server. Real sensors run elsewhere.
/// Only what the benchmark needs of MQTT 5: CONNECT with user name and password, PUBLISH QoS 1 or QoS 0
/// with no properties, PUBACK with or without a reason code.
/// </remarks>
internal sealed class LeanMqttPublisher : IAsyncDisposable
{
    /// <summary>Publishes sent before their acknowledgements are read (packet ids 1..Window).</summary>
    public const int Window = 256;

    private readonly Socket _socket;
    private readonly byte[] _receive = new byte[64 * 1024];
    private int _received;
    private int _parsed;

    private LeanMqttPublisher(Socket socket) => _socket = socket;

    /// <summary>Publishes acknowledged with a success reason code.</summary>
    public long Acknowledged { get; private set; }

    /// <summary>Publishes answered with a failure reason code (refused by the server).</summary>
    public long Refused { get; private set; }

    /// <summary>Connects and logs in; throws when the server refuses the connection.</summary>
    public static async Task<LeanMqttPublisher> ConnectAsync(int port, string clientId, string userName, string password)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync("127.0.0.1", port);
        var publisher = new LeanMqttPublisher(socket);
        var body = new ArrayBufferWriter<byte>();
        WriteString(body, "MQTT");
        body.Write<byte>([5, 0x80 | 0x40 | 0x02, 0, 60, 0]); // version 5; user name, password, clean start; keep-alive 60 s; no properties
        WriteString(body, clientId);
        WriteString(body, userName);
        WriteString(body, password);
        await socket.SendAsync(Packet(0x10, body.WrittenSpan));
        var (type, connack) = await publisher.ReadPacketAsync();
        if (type != 0x20 || connack.Length < 2 || connack.Span[1] != 0)
        {
            socket.Dispose();
            throw new InvalidOperationException($"MQTT broker on port {port} refused the connection (packet 0x{type:x2}, reason 0x{(connack.Length > 1 ? connack.Span[1] : 0):x2})");
        }

        return publisher;
    }

    /// <summary>
    /// Encodes one QoS 1 PUBLISH with a placeholder packet id; returns the packet and the offset of
    /// that id, which <see cref="PublishAsync"/> fills in.
    /// </summary>
    public static (byte[] Packet, int PacketIdOffset) Encode(string topic, string payload)
    {
        var body = new ArrayBufferWriter<byte>();
        WriteString(body, topic);
        var idOffset = body.WrittenCount;
        body.Write<byte>([0, 0, 0]); // packet id, then properties length 0
        body.Write(Encoding.UTF8.GetBytes(payload));
        var packet = Packet(0x32, body.WrittenSpan);
        return (packet, packet.Length - body.WrittenCount + idOffset);
    }

    /// <summary>Encodes one QoS 0 PUBLISH: no packet id, and nothing comes back for it.</summary>
    public static byte[] EncodeAtMostOnce(string topic, string payload)
    {
        var body = new ArrayBufferWriter<byte>();
        WriteString(body, topic);
        body.Write<byte>([0]); // properties length 0
        body.Write(Encoding.UTF8.GetBytes(payload));
        return Packet(0x30, body.WrittenSpan);
    }

    /// <summary>
    /// Sends <paramref name="count"/> encoded QoS 0 publishes, from <paramref name="first"/> on (wrapping
    /// round), in one write; returns once TCP has taken them, which is at the pace the server reads.
    /// </summary>
    public async Task StreamAsync(IReadOnlyList<byte[]> publishes, int first, int count, ArrayBufferWriter<byte> scratch)
    {
        scratch.ResetWrittenCount();
        for (var i = 0; i < count; i++)
        {
            scratch.Write(publishes[(first + i) % publishes.Count]);
        }

        for (var sent = 0; sent < scratch.WrittenCount;)
        {
            sent += await _socket.SendAsync(scratch.WrittenMemory[sent..]);
        }
    }

    /// <summary>Sends up to <see cref="Window"/> encoded publishes in one write and reads all their acknowledgements.</summary>
    public async Task PublishAsync(IReadOnlyList<(byte[] Packet, int PacketIdOffset)> publishes, int first, int count, ArrayBufferWriter<byte> scratch)
    {
        scratch.ResetWrittenCount();
        for (var i = 0; i < count; i++)
        {
            var (packet, idOffset) = publishes[(first + i) % publishes.Count];
            var span = scratch.GetSpan(packet.Length);
            packet.CopyTo(span);
            BinaryPrimitives.WriteUInt16BigEndian(span[idOffset..], (ushort)(i + 1));
            scratch.Advance(packet.Length);
        }

        for (var sent = 0; sent < scratch.WrittenCount;)
        {
            sent += await _socket.SendAsync(scratch.WrittenMemory[sent..]);
        }

        for (var i = 0; i < count; i++)
        {
            var (type, puback) = await ReadPacketAsync();
            if (type != 0x40)
            {
                throw new InvalidOperationException($"expected PUBACK, got MQTT packet 0x{type:x2}");
            }

            // MQTT 5: no reason code byte means success; a code of 0x80 or more is a refusal.
            if (puback.Length > 2 && puback.Span[2] >= 0x80)
            {
                Refused++;
            }
            else
            {
                Acknowledged++;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _socket.SendAsync(new byte[] { 0xE0, 0 }); // DISCONNECT
        }
        catch (SocketException)
        {
            // already gone
        }

        _socket.Dispose();
    }

    /// <summary>The next packet's type byte and body; the body is valid until the next read.</summary>
    private async Task<(byte Type, ReadOnlyMemory<byte> Body)> ReadPacketAsync()
    {
        while (true)
        {
            if (TryParse(out var type, out var body))
            {
                return (type, body);
            }

            if (_parsed > 0)
            {
                _receive.AsSpan(_parsed, _received - _parsed).CopyTo(_receive);
                (_received, _parsed) = (_received - _parsed, 0);
            }

            var read = await _socket.ReceiveAsync(_receive.AsMemory(_received));
            if (read == 0)
            {
                throw new InvalidOperationException("the MQTT broker closed the connection");
            }

            _received += read;
        }
    }

    private bool TryParse(out byte type, out ReadOnlyMemory<byte> body)
    {
        (type, body) = (0, default);
        var at = _parsed + 1;
        int length = 0, shift = 0;
        while (true)
        {
            if (at >= _received)
            {
                return false;
            }

            var digit = _receive[at++];
            length |= (digit & 0x7F) << shift;
            shift += 7;
            if ((digit & 0x80) == 0)
            {
                break;
            }
        }

        if (at + length > _received)
        {
            return false;
        }

        (type, body) = ((byte)(_receive[_parsed] & 0xF0), _receive.AsMemory(at, length));
        _parsed = at + length;
        return true;
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.GetSpan(2), (ushort)bytes.Length);
        buffer.Advance(2);
        buffer.Write(bytes);
    }

    /// <summary>Fixed header (type and flags, remaining length) followed by the body.</summary>
    private static byte[] Packet(byte typeAndFlags, ReadOnlySpan<byte> body)
    {
        var header = new List<byte> { typeAndFlags };
        var length = body.Length;
        do
        {
            var digit = (byte)(length % 128);
            length /= 128;
            header.Add(length > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (length > 0);

        return [.. header, .. body];
    }
}
