using System.Net;
using System.Net.Sockets;

namespace PayAtCounter.Server.Webhooks;

/// <summary>
/// Which addresses a webhook may be delivered to. A subscription URL is a request to make this server connect
/// somewhere: to the cloud's metadata service, a database on the private network or a router's admin page, were it
/// not refused. Loopback is allowed for local development (<see cref="WebhookOptions.AllowLoopbackTargets"/>), private
/// ranges only with <see cref="WebhookOptions.AllowPrivateTargets"/>; link-local (which holds the metadata services),
/// multicast, broadcast and unspecified addresses never.
/// </summary>
public static class WebhookTargets
{
    private static readonly (IPAddress Network, int Prefix)[] Private =
    [
        (IPAddress.Parse("10.0.0.0"), 8), (IPAddress.Parse("172.16.0.0"), 12), (IPAddress.Parse("192.168.0.0"), 16),
        (IPAddress.Parse("100.64.0.0"), 10), (IPAddress.Parse("fc00::"), 7),
    ];

    private static readonly (IPAddress Network, int Prefix)[] Never =
    [
        (IPAddress.Parse("0.0.0.0"), 8), (IPAddress.Parse("169.254.0.0"), 16), (IPAddress.Parse("224.0.0.0"), 4),
        (IPAddress.Parse("240.0.0.0"), 4), (IPAddress.Parse("fe80::"), 10), (IPAddress.Parse("ff00::"), 8),
        (IPAddress.Parse("fd00:ec2::254"), 128),
    ];

    /// <summary>Why a delivery to <paramref name="address"/> is refused, or null when it is allowed.</summary>
    public static string? Refusal(IPAddress address, WebhookOptions options)
    {
        var ip = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (IPAddress.IsLoopback(ip))
        {
            return options.AllowLoopbackTargets ? null : $"{ip} is a loopback address (Webhooks:AllowLoopbackTargets is off)";
        }
        if (ip.Equals(IPAddress.IPv6Any) || ip.Equals(IPAddress.IPv6None) || Never.Any(range => In(ip, range)))
        {
            return $"{ip} is a link-local, metadata, multicast or unspecified address";
        }
        if (Private.Any(range => In(ip, range)))
        {
            return options.AllowPrivateTargets ? null : $"{ip} is a private address (Webhooks:AllowPrivateTargets is off)";
        }
        return null;
    }

    private static bool In(IPAddress ip, (IPAddress Network, int Prefix) range)
    {
        if (ip.AddressFamily != range.Network.AddressFamily)
        {
            return false;
        }
        var bytes = ip.GetAddressBytes();
        var network = range.Network.GetAddressBytes();
        var bits = range.Prefix;
        for (var i = 0; i < bytes.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((bytes[i] & mask) != (network[i] & mask))
            {
                return false;
            }
        }
        return true;
    }
}

/// <summary>Resolves a receiver's host name (replaced in tests, so no test depends on real DNS).</summary>
public interface IWebhookAddressResolver
{
    /// <summary>The addresses of <paramref name="host"/>.</summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system's resolver.</summary>
public sealed class DnsWebhookAddressResolver : IWebhookAddressResolver
{
    /// <inheritdoc />
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        => IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? Task.FromResult(new[] { literal }) : Dns.GetHostAddressesAsync(host, cancellationToken);
}

/// <summary>Opens the TCP connection of a delivery (replaced in tests, which refuse anything but loopback).</summary>
public interface IWebhookConnector
{
    /// <summary>A connected stream to <paramref name="address"/>:<paramref name="port"/>.</summary>
    Task<Stream> ConnectAsync(IPAddress address, int port, CancellationToken cancellationToken);
}

/// <summary>A plain TCP connection.</summary>
public sealed class SocketWebhookConnector : IWebhookConnector
{
    /// <inheritdoc />
    public async Task<Stream> ConnectAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
