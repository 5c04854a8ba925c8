using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Storage;

/// <summary>
/// Mixed load for the crash tests, and what it was told: creates, sales on every scripted terminal, payments and
/// refunds, while the sandbox clock moves on. Only answered requests are remembered; a request cut off by a kill may
/// or may not have been stored, and the checks do not count on either.
/// </summary>
public sealed class CrashLoad
{
    /// <summary>The scripted terminals and the final session status each dictates (SIP0's signature is accepted by its 80 s timeout).</summary>
    public static readonly IReadOnlyDictionary<string, string> FinalBySuffix = new Dictionary<string, string>
    {
        ["APP1"] = "Captured",
        ["DIP0"] = "Declined",
        ["TIP0"] = "Expired",
        ["SIP0"] = "Captured",
    };

    /// <summary>Intents whose create was answered.</summary>
    public ConcurrentBag<string> Intents { get; } = [];

    /// <summary>Sessions whose create was answered, with their terminal's TID suffix.</summary>
    public ConcurrentBag<(string Id, string Suffix)> Sessions { get; } = [];

    /// <summary>Refunds that were answered, with their intent.</summary>
    public ConcurrentBag<(string RefundId, string IntentId)> Refunds { get; } = [];

    /// <summary>The last error that ended a worker, for a report.</summary>
    public string? Errors { get; private set; }

    /// <summary>Requests answered in all.</summary>
    public int Answered => _answered;

    private int _answered;

    /// <summary>Runs the load on <paramref name="clients"/> (one per server) until <paramref name="stop"/>; a failed request ends that worker.</summary>
    public async Task RunAsync(IReadOnlyList<HttpClient> clients, IReadOnlyDictionary<string, string> terminals, Random random, CancellationToken stop)
    {
        var seeds = Enumerable.Range(0, 8).Select(_ => random.Next()).ToList();
        var workers = new List<Task>
        {
            // The clock: five sandbox seconds at a time, so sessions move through their steps.
            Worker(clients[0], seeds[0], stop, async client => await client.AdvanceClockAsync(TimeSpan.FromSeconds(5))),
        };
        var i = 1;
        foreach (var (suffix, terminalId) in terminals)
        {
            workers.Add(Worker(clients[i % clients.Count], seeds[i++], stop, client => SaleAsync(client, terminalId, suffix)));
        }
        workers.Add(Worker(clients[i % clients.Count], seeds[i++], stop, client => CreateAsync(client)));
        workers.Add(Worker(clients[i % clients.Count], seeds[i], stop, RefundAsync));
        await Task.WhenAll(workers);
    }

    private async Task Worker(HttpClient client, int seed, CancellationToken stop, Func<HttpClient, Task> step)
    {
        var random = new Random(seed);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await step(client);
                Interlocked.Increment(ref _answered);
                await Task.Delay(random.Next(0, 20), stop);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                Errors = ex.GetType().Name + ": " + ex.Message;
                // The server was killed under this request: the worker's part of the round is over.
                return;
            }
        }
    }

    private async Task<string?> CreateAsync(HttpClient client)
    {
        using var response = await client.PostJsonAsync("/payment-intents", """{"amount":{"value":1500,"currencyCode":"GBP"},"reference":"crash"}""");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }
        var id = (string)(await response.ReadJsonAsync(HttpStatusCode.OK))["id"]!;
        Intents.Add(id);
        return id;
    }

    private async Task SaleAsync(HttpClient client, string terminalId, string suffix)
    {
        if (await CreateAsync(client) is not { } intent)
        {
            return;
        }
        using var response = await client.PostSessionAsync(terminalId, SessionHttp.SaleDetails(intent));
        // A terminal still busy with the last sale refuses the next one: that is an answer too, and nothing to check.
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Sessions.Add(((string)(await response.ReadJsonAsync(HttpStatusCode.OK))["id"]!, suffix));
        }
    }

    private async Task RefundAsync(HttpClient client)
    {
        if (await CreateAsync(client) is not { } intent)
        {
            return;
        }
        using var paid = await client.PostJsonAsync($"/sandbox/payment-intents/{intent}/card-payment", """{"approved":true}""");
        if (paid.StatusCode != HttpStatusCode.OK)
        {
            return;
        }
        using var refund = await client.RefundAsync(intent, 500, "crash-" + intent);
        if (refund.StatusCode == HttpStatusCode.OK)
        {
            Refunds.Add(((string)(await refund.ReadJsonAsync(HttpStatusCode.OK))["refundId"]!, intent));
        }
    }

    /// <summary>Moves the clock on until every remembered session is final (their timeouts are at most 90 s); returns each session.</summary>
    public async Task<List<(JsonObject Session, string Suffix)>> FinishAsync(HttpClient client)
    {
        await client.AdvanceClockAsync(TimeSpan.FromMinutes(3));
        var sessions = new List<(JsonObject, string)>();
        foreach (var (id, suffix) in Sessions)
        {
            sessions.Add(((await client.PollAsync(id, maxSeconds: 200))[^1], suffix));
        }
        return sessions;
    }
}
