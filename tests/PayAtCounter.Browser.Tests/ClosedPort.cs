using System.Net;
using System.Net.Sockets;

namespace PayAtCounter.Browser.Tests;

/// <summary>
/// A loopback port that refuses connections: bound, so no other process can take it, but not listening. Webhooks
/// subscribed to it fail at once and never leave the machine.
/// </summary>
public sealed class ClosedPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    /// <summary>Binds a port the system chooses.</summary>
    public ClosedPort() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    /// <summary>An address on the port.</summary>
    public string Url(string path) => $"http://127.0.0.1:{((IPEndPoint)_socket.LocalEndPoint!).Port}{path}";

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();
}
