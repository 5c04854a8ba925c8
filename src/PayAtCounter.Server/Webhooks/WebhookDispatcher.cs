using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayAtCounter.Contracts;
using PayAtCounter.Engine.Clock;
using PayAtCounter.Engine.Webhooks;
using PayAtCounter.Server.Hosting;
using PayAtCounter.Server.Observability;
using PayAtCounter.Server.Scheduling;
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
    DeliveryRules rules,
    PayAtCounterMetrics telemetry,
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
    private bool _storeBeforeSending;
    private long _backlogCountedAt;

    /// <summary>
    /// One round: until nothing is left, alternately send a batch of new events (fanned out and attempted
    /// at once, stored in one commit) and a batch of due retries, so neither starves the other.
    /// Returns the number of attempts made.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _oneRound.WaitAsync(cancellationToken);
        try
        {
            var attempts = 0;
            while (true)
            {
                // Counted between batches, so the gauge shows a backlog while the round works it down.
                await CountBacklogAsync(cancellationToken);
                var fresh = await FreshBatchAsync(cancellationToken);
                var retried = await RetryBatchAsync(cancellationToken);
                if (fresh is null && retried == 0)
                {
                    return attempts;
                }
                attempts += (fresh ?? 0) + retried;
            }
        }
        finally
        {
            _oneRound.Release();
        }
    }

    // The outbox backlog gauge, counted at most every five seconds (an index range count) rather than on each scrape.
    private async Task CountBacklogAsync(CancellationToken cancellationToken)
    {
        if (_backlogCountedAt != 0 && Stopwatch.GetElapsedTime(_backlogCountedAt) < TimeSpan.FromSeconds(5))
        {
            return;
        }
        _backlogCountedAt = Stopwatch.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PayAtCounterDb>();
        // "= false" rather than EF's NOT (…), which SQLite answers by scanning the index instead of searching it.
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var count = db.Database.GetDbConnection().CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM outbox_events WHERE \"FannedOut\" = @pending";
        var pending = count.CreateParameter();
        pending.ParameterName = "@pending";
        pending.Value = false;
        count.Parameters.Add(pending);
        telemetry.OutboxBacklog(Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture));
    }

    // New events straight to their first attempt: no commit between fan-out and send. Null when none waited.
    // The store after sending is not cancellable: a stop must not throw away attempts already made. If that
    // store fails, new events are stored before they are sent (and then sent as due deliveries) until a store
    // succeeds again, so a failing database can't make every round resend the same batch.
    private async Task<int?> FreshBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<WebhookStore>();
        if (await store.StageFanOutAsync(clock.GetUtcNow(), BatchSize, cancellationToken) is not { } fanOut)
        {
            return null;
        }
        if (!rules.IsEmpty)
        {
            fanOut = await rules.ApplyAsync(fanOut, scopes, clock.GetUtcNow(), cancellationToken);
        }
        var fresh = fanOut.Deliveries;
        if (_storeBeforeSending)
        {
            await store.SaveFanOutAsync(fanOut, fresh.Select(f => f.Delivery).ToList());
            _storeBeforeSending = false;
            return 0;
        }
        // Deliveries a rule holds back are stored as they are, to be sent when due.
        var sending = fresh.Where(f => !f.Held).ToList();
        var changes = await SendAllAsync(sending.Select(f => (f.Delivery, (SubscriptionState?)f.Subscription, f.Payload)).ToList(), cancellationToken);
        var sent = 0;
        try
        {
            await store.SaveFanOutAsync(fanOut, fresh.Select(f => f.Held ? f.Delivery : changes[sent++](f.Delivery)).ToList());
        }
        catch
        {
            _storeBeforeSending = true;
            throw;
        }
        return sending.Count;
    }

    // Deliveries whose retry (or redelivery) is due: read, sent, and recorded in one transaction.
    private async Task<int> RetryBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<WebhookStore>();
        var due = await store.DueDeliveriesAsync(clock.GetUtcNow(), BatchSize, cancellationToken);
        if (due.Count == 0)
        {
            await store.CompleteClaimAsync();
            return 0;
        }
        var work = await store.LoadForAttemptsAsync(due, cancellationToken);
        var changes = await SendAllAsync(work, cancellationToken);
        var results = work.Select((w, i) => (w.Delivery.Id, changes[i])).ToList();
        if (!await store.RecordAttemptsAsync(results, cancellationToken))
        {
            foreach (var (id, change) in results)
            {
                var accountId = work.First(w => w.Delivery.Id == id).Delivery.AccountId;
                await store.UpdateDeliveryAsync(accountId, id, d => change(d), cancellationToken);
            }
        }
        await store.CompleteClaimAsync();
        return due.Count;
    }

    /// <summary>The earliest due attempt, or null.</summary>
    public async Task<DateTimeOffset?> NextAttemptAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WebhookStore>().NextAttemptAsync(cancellationToken);
    }

    // Sends in parallel; returns, per item, how to record its attempt on the delivery.
    private async Task<Func<DeliveryState, DeliveryState>[]> SendAllAsync(
        IReadOnlyList<(DeliveryState Delivery, SubscriptionState? Subscription, string Payload)> work, CancellationToken cancellationToken)
    {
        var policy = new RetryPolicy(options.Value.RetryBaseDelay, options.Value.RetryMaxDelay, options.Value.MaxAttempts);
        var changes = new Func<DeliveryState, DeliveryState>[work.Count];
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
                    changes[i] = d => d with { Attempts = [.. d.Attempts, attempt], Status = DeliveryStatus.Failed, NextAttemptAt = null };
                    return;
                }
                attempt = rules.FailsAttempt(delivery) is { } down
                    ? new DeliveryAttempt(clock.GetUtcNow(), subscription.Url, null, 0, null, $"Connection refused: the receiver is down (sandbox delivery rule {down.Id}).", subscription.ActiveSecret.Id)
                    : await SendAsync(delivery, subscription, payload, ct);
                telemetry.WebhookAttempt(attempt.StatusCode, attempt.LatencyMs);
                double jitter;
                lock (_jitter)
                {
                    jitter = _jitter.NextDouble();
                }
                changes[i] = d => d.Status == DeliveryStatus.Pending ? policy.Record(d, attempt, jitter) : d;
                if (!attempt.Succeeded)
                {
                    logger.LogInformation("Webhook {DeliveryId} for {EventId} to {Url} failed: {Status} {Error}", delivery.Id, delivery.EventId, subscription.Url, attempt.StatusCode, attempt.Error);
                }
            });
        return changes;
    }

    private async Task<DeliveryAttempt> SendAsync(DeliveryState delivery, SubscriptionState subscription, string payload, CancellationToken cancellationToken)
    {
        // A span per attempt, with its number, around the HTTP client's own span.
        using var activity = PayAtCounterMetrics.Source.StartActivity("webhook deliver", ActivityKind.Client);
        activity?.SetTag("webhook.delivery_id", delivery.Id);
        activity?.SetTag("webhook.event", delivery.EventType);
        activity?.SetTag("webhook.attempt", delivery.Attempts.Count + 1);
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

    /// <summary>
    /// The HTTP handler for deliveries: no redirects; self-signed certificates only from loopback when allowed; and a
    /// connect step that resolves the host itself and connects only to an address <see cref="WebhookTargets"/> allows,
    /// so a name that resolved to a public address when subscribed and to a private one now (DNS rebinding) is refused.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(WebhookOptions options, IWebhookAddressResolver resolver, IWebhookConnector connector) => new()
    {
        AllowAutoRedirect = false,
        SslOptions =
        {
            RemoteCertificateValidationCallback = (sender, _, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None
                || (options.AcceptUntrustedLoopbackCertificates && sender is System.Net.Security.SslStream { TargetHostName: { } host } && IsLoopback(host)),
        },
        ConnectCallback = async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var refusals = new List<string>();
            Exception? failure = null;
            foreach (var address in await resolver.ResolveAsync(host, cancellationToken))
            {
                if (WebhookTargets.Refusal(address, options) is { } refusal)
                {
                    refusals.Add(refusal);
                    continue;
                }
                try
                {
                    return await connector.ConnectAsync(address, context.DnsEndPoint.Port, cancellationToken);
                }
                catch (System.Net.Sockets.SocketException ex)
                {
                    failure = ex;
                }
            }
            throw failure is not null
                ? new HttpRequestException(failure.Message, failure)
                : new HttpRequestException($"Refused: {host} has no address a webhook may be delivered to ({string.Join("; ", refusals.Distinct())}).");
        },
    };

    /// <summary>True for localhost and loopback addresses.</summary>
    public static bool IsLoopback(string host)
        => string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}

/// <summary>
/// Runs the dispatcher in the background: after each round it sleeps until the next due retry, a new event, or the
/// poll interval.
/// </summary>
public sealed class WebhookDispatcherService(WebhookDispatcher dispatcher, WorkSignals signals, SandboxClock clock, IOptions<WebhookOptions> options, DataReadiness readiness, ILogger<WebhookDispatcherService> logger)
    : ClockedLoop(clock, signals.Webhooks, readiness, logger)
{
    /// <inheritdoc />
    protected override string Name => "Webhook dispatcher";

    /// <inheritdoc />
    protected override TimeSpan LongestWait => options.Value.PollInterval;

    /// <inheritdoc />
    protected override Task RunRoundAsync(CancellationToken cancellationToken) => dispatcher.RunOnceAsync(cancellationToken);

    /// <inheritdoc />
    protected override Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) => dispatcher.NextAttemptAsync(cancellationToken);

    /// <inheritdoc />
    protected override Task<DateTimeOffset?> EarliestDueAsync(CancellationToken cancellationToken) => dispatcher.NextAttemptAsync(cancellationToken);
}
