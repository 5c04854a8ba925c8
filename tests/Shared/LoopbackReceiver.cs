using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace PayAtCounter.Tests.Shared;

/// <summary>A till's webhook endpoint for tests: 127.0.0.1 on a free port, handing each delivery to the test.</summary>
public sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<(string Body, string? Signature)> _received = Channel.CreateUnbounded<(string, string?)>();
    private readonly Task _serving;

    private LoopbackReceiver(string path, int status)
    {
        Url = $"http://127.0.0.1:{FreePort()}/{path.Trim('/')}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _serving = ServeAsync(status);
    }

    /// <summary>Where it listens.</summary>
    public string Url { get; }

    /// <summary>Starts a receiver at <paramref name="path"/> that answers every POST with <paramref name="status"/>.</summary>
    public static LoopbackReceiver Start(string path, int status = 200) => new(path, status);

    /// <summary>The next delivery's body and <c>Dojo-Signature</c>, within <paramref name="within"/>.</summary>
    public async Task<(string Body, string? Signature)> NextAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>A port free on 127.0.0.1 just now.</summary>
    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task ServeAsync(int status)
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream);
            await _received.Writer.WriteAsync((await reader.ReadToEndAsync(), context.Request.Headers["Dojo-Signature"]));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _serving;
        _listener.Close();
    }
}
