using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PayAtCounter.Contracts;

namespace PayAtCounter.Cli.Webhooks;

/// <summary>What the listener did with one delivery.</summary>
/// <param name="Body">The body as delivered.</param>
/// <param name="SignatureValid">Whether its <c>Dojo-Signature</c> matched a secret of the subscription.</param>
/// <param name="ForwardStatus">The forward target's status, if forwarded and answered.</param>
/// <param name="ForwardError">Why the forward failed, if it did.</param>
/// <param name="ForwardTime">How long the forward took.</param>
public sealed record ReceivedWebhook(string Body, bool SignatureValid, int? ForwardStatus, string? ForwardError, TimeSpan ForwardTime);

/// <summary>
/// A receiver of <c>pac</c>'s own on loopback: checks each delivery's signature, forwards it re-signed with
/// <see cref="ForwardSecret"/> (as <c>stripe listen</c> does, so the till checks one secret that does not change
/// with each subscription), and reports it. Always answers 200: the delivery reached <c>pac</c>.
/// </summary>
public sealed class WebhookListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _forwarder = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Uri? _forwardTo;
    private readonly Func<ReceivedWebhook, Task> _report;
    private IReadOnlyList<string> _secrets = [];

    private WebhookListener(WebApplication app, Uri? forwardTo, Func<ReceivedWebhook, Task> report)
    {
        _app = app;
        _forwardTo = forwardTo;
        _report = report;
    }

    /// <summary>The secret forwarded deliveries are signed with.</summary>
    public string ForwardSecret { get; } = "whsec_pac_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    /// <summary>Where the listener is reached.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/> (0: a free port).</summary>
    public static async Task<WebhookListener> StartAsync(int port, Uri? forwardTo, Func<ReceivedWebhook, Task> report, CancellationToken cancellationToken)
    {
        // Empty: no appsettings.json or environment from the folder pac runs in (a till's own project folder may set
        // Kestrel endpoints), only what is set here.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var listener = new WebhookListener(app, forwardTo, report);
        app.MapPost("/{**path}", listener.ReceiveAsync);
        await app.StartAsync(cancellationToken);
        listener.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/");
        return listener;
    }

    /// <summary>The subscription's secrets, any of which may sign a delivery (two during a rotation).</summary>
    public void UseSecrets(IEnumerable<string> secrets) => _secrets = secrets.ToList();

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        var header = request.Headers[WebhookSignature.HeaderName].ToString();
        var valid = header.Length > 0 && _secrets.Any(secret => WebhookSignature.IsValid(body, secret, header));
        int? status = null;
        string? error = null;
        var timer = Stopwatch.StartNew();
        if (_forwardTo is not null)
        {
            try
            {
                using var forward = new HttpRequestMessage(HttpMethod.Post, _forwardTo) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
                forward.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Compute(body, ForwardSecret));
                using var response = await _forwarder.SendAsync(forward, request.HttpContext.RequestAborted);
                status = (int)response.StatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                error = ex is TaskCanceledException ? "no answer within 10 s" : ex.InnerException?.Message ?? ex.Message;
            }
        }
        await _report(new ReceivedWebhook(body, valid, status, error, timer.Elapsed));
        return Results.Ok();
    }

    /// <summary>Reads the event's name, id and payment from a delivery body, for the one-line report.</summary>
    public static (string Event, string Id, string? PaymentIntent, string? Status) Summary(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            string? Text(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var data = root.TryGetProperty("data", out var d) ? d : default;
            return (Text(root, "event") ?? "?", Text(root, "id") ?? "?", Text(data, "paymentIntentId"), Text(data, "paymentStatus"));
        }
        catch (JsonException)
        {
            return ("(not JSON)", "?", null, null);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _forwarder.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
