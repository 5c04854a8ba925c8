using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PayAtCounter.Server.Tests.Infrastructure;

/// <summary>
/// A real HTTPS webhook receiver on 127.0.0.1 with a self-signed certificate. It records every request
/// and answers with the status codes queued in <see cref="Responses"/> (200 once the queue is empty).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Requests received, in order.</summary>
    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>Status codes to answer with, in order.</summary>
    public ConcurrentQueue<int> Responses { get; } = new();

    /// <summary>The URL to subscribe.</summary>
    public string Url { get; private set; } = "";

    /// <summary>
    /// A loopback port held by a socket that is bound but not listening: a receiver's address where connections are
    /// refused, which no other process can take, until <see cref="StartAsync(ClosedPort)"/> opens it.
    /// </summary>
    public static ClosedPort Reserve() => new();

    /// <summary>Starts a receiver on a port reserved by <see cref="Reserve"/>.</summary>
    public static Task<WebhookReceiver> StartAsync(ClosedPort port)
    {
        port.Dispose();
        return StartAsync(port.Port);
    }

    /// <summary>Starts a receiver on a free loopback port, or on <paramref name="port"/>.</summary>
    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var certificate = SelfSigned();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            receiver.Received.Enqueue(new ReceivedWebhook(body, context.Request.Headers["Dojo-Signature"].ToString(), context.Request.ContentType ?? ""));
            return Results.StatusCode(receiver.Responses.TryDequeue(out var status) ? status : 200);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address.Replace("[::]", "127.0.0.1").TrimEnd('/') + "/hooks";
        return receiver;
    }

    /// <summary>The port it listens on.</summary>
    public int Port => new Uri(Url).Port;

    /// <summary>Waits (at most 15 s) until <paramref name="count"/> requests have arrived.</summary>
    public async Task<List<ReceivedWebhook>> WaitForAsync(int count, Func<ReceivedWebhook, bool>? where = null)
    {
        for (var i = 0; i < 300; i++)
        {
            var matching = Received.Where(where ?? (_ => true)).ToList();
            if (matching.Count >= count)
            {
                return matching;
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"Expected {count} webhook(s); received {Received.Count}: {string.Join(" | ", Received.Select(r => r.Body))}");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel needs the key in a form it can use; a PKCS#12 round trip gives that on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}

/// <summary>A webhook as the receiver saw it.</summary>
public sealed record ReceivedWebhook(string Body, string Signature, string ContentType)
{
    /// <summary>The body as JSON.</summary>
    public System.Text.Json.Nodes.JsonObject Json => System.Text.Json.Nodes.JsonNode.Parse(Body)!.AsObject();
}

/// <summary>A reserved loopback port where nothing listens (see <see cref="WebhookReceiver.Reserve"/>).</summary>
public sealed class ClosedPort : IDisposable
{
    private readonly System.Net.Sockets.Socket _socket = new(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);

    internal ClosedPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
    }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>The webhook URL a receiver started on this port will have.</summary>
    public string Url => $"https://127.0.0.1:{Port}/hooks";

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();
}
