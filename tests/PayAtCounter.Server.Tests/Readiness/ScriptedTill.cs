using System.Net;
using System.Text.Json.Nodes;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Readiness;

/// <summary>
/// A till driven by a script over HTTP, as a real one would drive the API: it creates intents with its own order
/// references, starts sessions and polls them, and a person at the counter acts on the interactive PDQ (through the
/// sandbox API, which is not recorded). How it behaves is set by its habits: how often it polls, whether it reads the
/// intent after a session, whether it retries a decline on the same intent.
/// </summary>
public sealed class ScriptedTill(PayAtCounterApp app, string userAgent, TimeSpan pollEvery, bool readsIntentAfterSession, bool reusesIntentAfterDecline)
{
    private readonly HttpClient _client = Client(app, PayAtCounterApp.SandboxKey, userAgent);
    private readonly HttpClient _wrongKey = Client(app, PayAtCounterApp.SandboxKey + "x", userAgent);
    private readonly HttpClient _sandbox = app.CreateDojoClient();
    private int _orders;

    /// <summary>The till's client (with Dojo's headers and its User-Agent).</summary>
    public HttpClient Http => _client;

    private static HttpClient Client(PayAtCounterApp app, string key, string userAgent)
    {
        var client = app.CreateDojoClient(key, "2026-02-27");
        client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        return client;
    }

    /// <summary>Creates an intent for a new order (its own reference).</summary>
    public async Task<string> NewOrderAsync(long amount = 1000, string captureMode = "Auto", string extraJson = "")
    {
        var json = $$"""{"amount":{"value":{{amount}},"currencyCode":"GBP"},"reference":"Order {{++_orders}}","captureMode":"{{captureMode}}"{{extraJson}}}""";
        return (string)(await (await _client.PostJsonAsync("/payment-intents", json)).ReadJsonAsync(HttpStatusCode.OK))["id"]!;
    }

    /// <summary>An intent the till made and the customer has paid (with the sandbox test card).</summary>
    public async Task<string> PaidOrderAsync(long amount = 1000, string captureMode = "Auto")
    {
        var id = await NewOrderAsync(amount, captureMode);
        await _sandbox.PayAsync(id);
        return id;
    }

    /// <summary>The id of the terminal whose TID ends with <paramref name="suffix"/>, as the till finds it: from GET /terminals.</summary>
    public Task<string> TerminalAsync(string suffix) => _client.TerminalIdAsync(suffix);

    /// <summary>Starts a session and returns its id.</summary>
    public async Task<string> StartAsync(string terminalSuffix, string detailsJson)
        => (string)(await _client.StartSessionAsync(await TerminalAsync(terminalSuffix), detailsJson))["id"]!;

    /// <summary>
    /// Polls at the till's pace until the session ends, answering a signature step with <paramref name="signature"/>
    /// (null: leave it to the 80 s timeout), and letting <paramref name="atCounter"/> act when the PDQ shows a
    /// notification. Then reads the intent if the till does so.
    /// </summary>
    public async Task<JsonObject> PollToEndAsync(string sessionId, bool? signature = null, Func<JsonObject, Task<bool>>? atCounter = null)
    {
        var session = await _client.GetSessionAsync(sessionId);
        for (var polls = 0; !SessionHttp.Final.Contains((string)session["status"]!) || (string)session["status"]! == "SignatureVerificationAccepted"; polls++)
        {
            Assert.True(polls < 2000, $"session {sessionId} did not end: {session}");
            if ((string)session["status"]! == "SignatureVerificationRequired" && signature is { } accepted)
            {
                (await _client.SignAsync(sessionId, accepted)).EnsureSuccessStatusCode();
                signature = null;
            }
            else if (atCounter is not null && await atCounter(session))
            {
                atCounter = null;
            }
            await _sandbox.AdvanceClockAsync(pollEvery);
            session = await _client.GetSessionAsync(sessionId);
        }
        if (readsIntentAfterSession && IntentOf(session) is { } intentId)
        {
            await _client.GetIntentAsync(intentId);
        }
        return session;
    }

    /// <summary>A sale of <paramref name="intentId"/> on the terminal, polled to its end.</summary>
    public async Task<JsonObject> SaleAsync(string terminalSuffix, string intentId, bool? signature = null, Func<JsonObject, Task<bool>>? atCounter = null)
        => await PollToEndAsync(await StartAsync(terminalSuffix, SessionHttp.SaleDetails(intentId)), signature, atCounter);

    /// <summary>A declined sale on DIP0, then the till's retry on APP1: on the same intent, or on a new one for the same order.</summary>
    public async Task DeclineThenRetryAsync(string captureMode)
    {
        var intentId = await NewOrderAsync(1500, captureMode);
        Assert.Equal("Declined", (string)(await SaleAsync("DIP0", intentId))["status"]!);
        var retryOn = reusesIntentAfterDecline ? intentId : await RepeatOrderAsync(intentId, captureMode);
        await SaleAsync("APP1", retryOn);
    }

    // A new intent with the declined one's reference and amount: what a careless till does.
    private async Task<string> RepeatOrderAsync(string intentId, string captureMode)
    {
        var declined = await _client.GetIntentAsync(intentId);
        var json = $$"""{"amount":{"value":{{declined["amount"]!["value"]}},"currencyCode":"GBP"},"reference":"{{declined["reference"]}}","captureMode":"{{captureMode}}"}""";
        return (string)(await (await _client.PostJsonAsync("/payment-intents", json)).ReadJsonAsync(HttpStatusCode.OK))["id"]!;
    }

    /// <summary>The person at the counter: presents a card once the PDQ asks for one.</summary>
    public Func<JsonObject, Task<bool>> PresentCard(string terminalSuffix, string entryMode, string? cardType = null)
        => async session =>
        {
            if (!Notifications(session).Contains("PresentCard"))
            {
                return false;
            }
            var body = cardType is null ? $$"""{"entryMode":"{{entryMode}}"}""" : $$"""{"entryMode":"{{entryMode}}","cardType":"{{cardType}}"}""";
            (await _sandbox.PostJsonAsync($"/sandbox/terminals/{await TerminalAsync(terminalSuffix)}/present-card", body)).EnsureSuccessStatusCode();
            return true;
        };

    /// <summary>The person at the counter: presses X once the PDQ asks for a card.</summary>
    public Func<JsonObject, Task<bool>> PressX(string terminalSuffix)
        => async session =>
        {
            if (!Notifications(session).Contains("PresentCard"))
            {
                return false;
            }
            (await _sandbox.PostAsync($"/sandbox/terminals/{await TerminalAsync(terminalSuffix)}/press-cancel", null)).EnsureSuccessStatusCode();
            return true;
        };

    /// <summary>A request with a wrong key (an extra character), as someone mistyping it in the till's settings.</summary>
    public async Task WrongKeyAsync() => Assert.Equal(HttpStatusCode.Unauthorized, (await _wrongKey.GetAsync("/terminals")).StatusCode);

    /// <summary>Moves the sandbox clock (time passing at the counter).</summary>
    public Task WaitAsync(TimeSpan time) => _sandbox.AdvanceClockAsync(time);

    /// <summary>The sandbox control client (for the person at the counter and the test).</summary>
    public HttpClient Sandbox => _sandbox;

    private static string[] Notifications(JsonObject session) => session["notificationEvents"]!.AsArray().Select(n => (string)n!["notificationType"]!).ToArray();

    private static string? IntentOf(JsonObject session)
        => (string?)session["details"]?["sale"]?["paymentIntentId"] ?? (string?)session["details"]?["matchedRefund"]?["paymentIntentId"];
}
