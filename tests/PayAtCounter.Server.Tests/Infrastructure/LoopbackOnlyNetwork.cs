using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using PayAtCounter.Server.Webhooks;

namespace PayAtCounter.Server.Tests.Infrastructure;

/// <summary>
/// The network the test servers deliver webhooks over: names resolve without DNS, and connections are made only to
/// loopback. Every address a delivery asked to reach is recorded, so a test can show the guard stopped it before this
/// step, and no test can send a packet to a private, link-local or public address, even with the guard broken.
/// </summary>
public sealed class LoopbackOnlyNetwork : IWebhookAddressResolver, IWebhookConnector
{
    // TEST-NET-3: a public address that is never routed, for names the test did not map.
    private static readonly IPAddress Unmapped = IPAddress.Parse("203.0.113.7");
    private readonly SocketWebhookConnector _loopback = new();

    /// <summary>What each name resolves to, in turn (the last answer repeats): a test maps names it uses.</summary>
    public ConcurrentDictionary<string, Queue<IPAddress[]>> Names { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every address a delivery asked to connect to, in order.</summary>
    public ConcurrentQueue<IPAddress> Connections { get; } = new();

    /// <inheritdoc />
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return Task.FromResult(new[] { literal });
        }
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(new[] { IPAddress.Loopback });
        }
        if (Names.TryGetValue(host, out var answers))
        {
            lock (answers)
            {
                return Task.FromResult(answers.Count > 1 ? answers.Dequeue() : answers.Peek());
            }
        }
        return Task.FromResult(new[] { Unmapped });
    }

    /// <inheritdoc />
    public Task<Stream> ConnectAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        Connections.Enqueue(address);
        return IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address)
            ? _loopback.ConnectAsync(address, port, cancellationToken)
            : throw new SocketException((int)SocketError.ConnectionRefused);
    }
}
