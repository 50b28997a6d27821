using System.Net;
using System.Net.Sockets;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Server;

namespace TwinCity.Web.Mqtt;

/// <summary>
/// The embedded broker's TCP listener: MQTTnet's own, but each connection is a <see cref="CoalescingChannel"/>,
/// which reads and writes in bulk. MQTTnet still does everything MQTT (sessions, packets, keep-alive); this
/// only decides how bytes reach the socket. Plain TCP on the default endpoint's port, IPv4 and IPv6.
/// </summary>
internal sealed partial class CoalescingTcpServerAdapter(ILogger logger) : IMqttServerAdapter
{
    private CancellationTokenSource? _stopping;
    private Socket? _listener;

    /// <inheritdoc />
    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    /// <inheritdoc />
    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        var endpoint = options.DefaultEndpointOptions;
        _listener = Listen(endpoint.Port, endpoint.ConnectionBacklog);
        endpoint.Port = ((IPEndPoint)_listener.LocalEndPoint!).Port; // port 0 picks a free one
        _stopping = new CancellationTokenSource();
        _ = AcceptAsync(_listener, options, logger, _stopping.Token);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync()
    {
        if (_stopping is not null)
        {
            await _stopping.CancelAsync();
        }

        _listener?.Dispose();
        _listener = null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping?.Cancel();
        _stopping?.Dispose();
        _listener?.Dispose();
    }

    // One socket for IPv6 and IPv4 where the machine has IPv6; IPv4 alone otherwise. Throws (address in use) as MQTTnet's would.
    private static Socket Listen(int port, int backlog)
    {
        Socket socket;
        try
        {
            socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
            socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressFamilyNotSupported or SocketError.AddressNotAvailable)
        {
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
        }

        socket.Listen(backlog);
        return socket;
    }

    private async Task AcceptAsync(Socket listener, MqttServerOptions options, IMqttNetLogger logger, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException
                || (ex is SocketException s && s.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted))
            {
                return; // stopped
            }
            catch (SocketException)
            {
                continue; // that client went away before it was accepted
            }

            _ = Task.Run(() => ServeAsync(client, options, logger), CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket client, MqttServerOptions options, IMqttNetLogger logger)
    {
        try
        {
            client.NoDelay = true; // what is sent is sent whole already (CoalescingChannel)
            var channel = new CoalescingChannel(client, client.LocalEndPoint!, client.RemoteEndPoint!);
            using var adapter = new MqttChannelAdapter(channel, new MqttPacketFormatterAdapter(new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax)), logger)
            {
                AllowPacketFragmentation = options.DefaultEndpointOptions.AllowPacketFragmentation,
            };
            if (ClientHandler is { } handle)
            {
                await handle(adapter).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection ended under the broker (client gone, or the broker stopping): nothing to report.
        }
        catch (Exception ex)
        {
            LogConnectionFailed(ex, client.RemoteEndPoint?.ToString() ?? "?");
        }
        finally
        {
            client.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "MQTT connection from {Endpoint} ended with an error")]
    private partial void LogConnectionFailed(Exception exception, string endpoint);
}
