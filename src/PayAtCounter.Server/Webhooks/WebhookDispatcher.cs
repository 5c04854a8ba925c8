using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using PayAtCounter.Contracts;
using PayAtCounter.Engine.Clock;
using PayAtCounter.Engine.Webhooks;
using PayAtCounter.Server.Hosting;

using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Webhooks;

/// <summary>
/// Delivers the outbox: fans events out to the subscriptions that want them, posts each delivery with a
/// <c>Dojo-Signature</c> from the subscription's active secret, and retries failures with backoff on the
/// sandbox clock. Everything it needs is in the database, so a restart simply carries on (at least once).
/// </summary>
public sealed class WebhookDispatcher(
    IServiceScopeFactory scopes,
    IHttpClientFactory httpClients,
    SandboxClock clock,
    IOptions<WebhookOptions> options,
    ILogger<WebhookDispatcher> logger)
{
    /// <summary>The named HTTP client deliveries use.</summary>
    public const string HttpClientName = "webhooks";

    private const int ExcerptLength = 500;
    // Small enough that a delivery never waits long behind a batch, large enough to share one commit.
    private const int BatchSize = 64;
    private readonly SemaphoreSlim _oneRound = new(1, 1);
    private readonly Random _jitter = new();

    /// <summary>One round: fan out new events, then send every due delivery. Returns the number of attempts made.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _oneRound.WaitAsync(cancellationToken);
        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var store = scope.ServiceProvider.GetRequiredService<WebhookStore>();
                // One pass: under a steady stream of events, looping here would starve the sends.
                await store.FanOutAsync(clock.GetUtcNow(), 500, cancellationToken);
            }
            var attempts = 0;
            while (true)
            {
                IReadOnlyList<string> due;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    due = await scope.ServiceProvider.GetRequiredService<WebhookStore>().DueDeliveriesAsync(clock.GetUtcNow(), BatchSize, cancellationToken);
                }
                if (due.Count == 0)
                {
                    return attempts;
                }
                await AttemptBatchAsync(due, cancellationToken);
                attempts += due.Count;
            }
        }
        finally
        {
            _oneRound.Release();
        }
    }

    /// <summary>The earliest due attempt, or null.</summary>
    public async Task<DateTimeOffset?> NextAttemptAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WebhookStore>().NextAttemptAsync(cancellationToken);
    }

    // Reads the batch in three queries, sends in parallel, and records every result in one transaction.
    private async Task AttemptBatchAsync(IReadOnlyList<string> deliveryIds, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<WebhookStore>();
        var work = await store.LoadForAttemptsAsync(deliveryIds, cancellationToken);
        var policy = new RetryPolicy(options.Value.RetryBaseDelay, options.Value.RetryMaxDelay, options.Value.MaxAttempts);
        var results = new (string, Func<DeliveryState, DeliveryState>)[work.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, work.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentDeliveries, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var (delivery, subscription, payload) = work[i];
                DeliveryAttempt attempt;
                if (subscription is null)
                {
                    // The subscription was deleted: stop retrying, and say why in the log.
                    attempt = new DeliveryAttempt(clock.GetUtcNow(), "", null, 0, null, "The subscription was deleted.", "");
                    results[i] = (delivery.Id, d => d with { Attempts = [.. d.Attempts, attempt], Status = DeliveryStatus.Failed, NextAttemptAt = null });
                    return;
                }
                attempt = await SendAsync(subscription, payload, ct);
                double jitter;
                lock (_jitter)
                {
                    jitter = _jitter.NextDouble();
                }
                results[i] = (delivery.Id, d => d.Status == DeliveryStatus.Pending ? policy.Record(d, attempt, jitter) : d);
                if (!attempt.Succeeded)
                {
                    logger.LogInformation("Webhook {DeliveryId} for {EventId} to {Url} failed: {Status} {Error}", delivery.Id, delivery.EventId, subscription.Url, attempt.StatusCode, attempt.Error);
                }
            });
        if (!await store.RecordAttemptsAsync(results, cancellationToken))
        {
            foreach (var (id, change) in results)
            {
                var accountId = work.First(w => w.Delivery.Id == id).Delivery.AccountId;
                await store.UpdateDeliveryAsync(accountId, id, d => change(d), cancellationToken);
            }
        }
    }

    private async Task<DeliveryAttempt> SendAsync(SubscriptionState subscription, string payload, CancellationToken cancellationToken)
    {
        var secret = subscription.ActiveSecret;
        var at = clock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Compute(payload, secret.Value));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await ReadExcerptAsync(response, timeout.Token);
            return new DeliveryAttempt(at, subscription.Url, (int)response.StatusCode, stopwatch.ElapsedMilliseconds, body, null, secret.Id);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryAttempt(at, subscription.Url, null, stopwatch.ElapsedMilliseconds, null, $"No answer within {options.Value.Timeout.TotalSeconds:0.#} s.", secret.Id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Refused connections, TLS failures, a receiver dropping the connection mid-answer: all are failed attempts.
            return new DeliveryAttempt(at, subscription.Url, null, stopwatch.ElapsedMilliseconds, null, ex.Message, secret.Id);
        }
    }

    private static async Task<string?> ReadExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new char[ExcerptLength];
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return read == 0 ? null : new string(buffer, 0, read);
    }

    /// <summary>The HTTP handler for deliveries: no redirects; self-signed certificates only from loopback when allowed.</summary>
    public static HttpClientHandler CreateHandler(WebhookOptions options) => new()
    {
        AllowAutoRedirect = false,
        ServerCertificateCustomValidationCallback = (request, _, _, errors) =>
            errors == System.Net.Security.SslPolicyErrors.None
            || (options.AcceptUntrustedLoopbackCertificates && request.RequestUri is { } uri && IsLoopback(uri.Host)),
    };

    /// <summary>True for localhost and loopback addresses.</summary>
    public static bool IsLoopback(string host)
        => string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}

/// <summary>Runs the dispatcher in the background: after each round it sleeps until the next due retry, a new event, or the poll interval.</summary>
public sealed class WebhookDispatcherService(WebhookDispatcher dispatcher, WorkSignals signals, SandboxClock clock, IOptions<WebhookOptions> options, IHostApplicationLifetime lifetime, ILogger<WebhookDispatcherService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await lifetime.StartedAsync(stoppingToken))
        {
            return;
        }
        var longest = options.Value.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = longest;
            try
            {
                // Ahead of request writes: a receiver should hear of a payment at once, not after a burst of API calls.
                using (WriterGate.WithPriority())
                {
                    await dispatcher.RunOnceAsync(stoppingToken);
                }
                if (await dispatcher.NextAttemptAsync(stoppingToken) is { } next && clock.Speed > 0)
                {
                    var real = TimeSpan.FromTicks((long)((next - clock.GetUtcNow()).Ticks / clock.Speed));
                    wait = real <= TimeSpan.Zero ? TimeSpan.Zero : real < longest ? real : longest;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Webhook dispatch failed; trying again on the next round");
            }
            await signals.Webhooks.WaitAsync(wait, stoppingToken);
        }
    }
}
