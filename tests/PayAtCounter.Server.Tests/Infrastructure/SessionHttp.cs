using System.Net;
using System.Text.Json.Nodes;

namespace PayAtCounter.Server.Tests.Infrastructure;

/// <summary>Helpers for terminal-session flows: find a terminal, start a session, poll it as an EPOS does.</summary>
public static class SessionHttp
{
    /// <summary>Statuses at which the guides' polling loop stops (rule 44).</summary>
    public static readonly IReadOnlySet<string> Final = new HashSet<string>
    {
        "Authorized", "Captured", "SignatureVerificationAccepted", "SignatureVerificationRejected", "Canceled", "Declined", "Expired",
    };

    /// <summary>The id of the terminal whose TID ends with <paramref name="tidSuffix"/>.</summary>
    public static async Task<string> TerminalIdAsync(this HttpClient client, string tidSuffix)
    {
        var terminals = JsonNode.Parse(await (await client.GetAsync("/terminals")).Content.ReadAsStringAsync())!.AsArray();
        return (string)terminals.Single(t => ((string)t!["properties"]!["tid"]!).EndsWith(tidSuffix, StringComparison.Ordinal))!["id"]!;
    }

    /// <summary>The <c>details</c> of a sale.</summary>
    public static string SaleDetails(string paymentIntentId) => $$$"""{"sale":{"paymentIntentId":"{{{paymentIntentId}}}"},"sessionType":"Sale"}""";

    /// <summary>The <c>details</c> of an unlinked refund.</summary>
    public static string UnlinkedRefundDetails(long amount, bool cardholderNotPresent = false)
        => $$$"""{"unlinkedRefund":{"amount":{"value":{{{amount}}},"currencyCode":"GBP"},"cardholderNotPresent":{{{(cardholderNotPresent ? "true" : "false")}}}},"sessionType":"UnlinkedRefund"}""";

    /// <summary>The <c>details</c> of a matched refund; the full remaining amount when <paramref name="amount"/> is null.</summary>
    public static string MatchedRefundDetails(string paymentIntentId, long? amount = null)
        => amount is null
            ? $$$"""{"matchedRefund":{"paymentIntentId":"{{{paymentIntentId}}}"},"sessionType":"MatchedRefund"}"""
            : $$$"""{"matchedRefund":{"paymentIntentId":"{{{paymentIntentId}}}","amount":{"value":{{{amount}}},"currencyCode":"GBP"}},"sessionType":"MatchedRefund"}""";

    /// <summary>POSTs a session with raw <c>details</c> JSON and returns the raw response.</summary>
    public static Task<HttpResponseMessage> PostSessionAsync(this HttpClient client, string terminalId, string detailsJson)
        => client.PostJsonAsync("/terminal-sessions", $$$"""{"terminalId":"{{{terminalId}}}","details":{{{detailsJson}}}}""");

    /// <summary>Starts a session with raw <c>details</c> JSON.</summary>
    public static async Task<JsonObject> StartSessionAsync(this HttpClient client, string terminalId, string detailsJson)
        => await (await client.PostSessionAsync(terminalId, detailsJson)).ReadJsonAsync(HttpStatusCode.OK);

    /// <summary>Starts a sale of <paramref name="paymentIntentId"/> on the terminal.</summary>
    public static Task<JsonObject> StartSaleAsync(this HttpClient client, string terminalId, string paymentIntentId)
        => client.StartSessionAsync(terminalId, SaleDetails(paymentIntentId));

    /// <summary>GETs a session.</summary>
    public static async Task<JsonObject> GetSessionAsync(this HttpClient client, string sessionId)
        => await (await client.GetAsync($"/terminal-sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.OK);

    /// <summary>
    /// Polls once per sandbox second, moving the frozen sandbox clock one second each time, until the
    /// session reaches one of <paramref name="stopAt"/> (the final statuses by default). Returns every poll.
    /// </summary>
    public static async Task<List<JsonObject>> PollAsync(this HttpClient client, string sessionId, int maxSeconds = 200, params string[] stopAt)
    {
        var stops = stopAt.Length > 0 ? stopAt.ToHashSet() : Final;
        var polls = new List<JsonObject>();
        for (var second = 0; second <= maxSeconds; second++)
        {
            var session = await client.GetSessionAsync(sessionId);
            polls.Add(session);
            if (stops.Contains((string)session["status"]!))
            {
                return polls;
            }
            await client.AdvanceClockAsync(TimeSpan.FromSeconds(1));
        }
        throw new Xunit.Sdk.XunitException($"Session {sessionId} did not reach {string.Join("/", stops)} in {maxSeconds} s; last: {polls[^1]}");
    }

    /// <summary>Status names of a session's statusEvents.</summary>
    public static string[] Statuses(this JsonObject session) => session["statusEvents"]!.AsArray().Select(e => (string)e!["status"]!).ToArray();

    /// <summary>Notification types of a session.</summary>
    public static string[] Notifications(this JsonObject session) => session["notificationEvents"]!.AsArray().Select(e => (string)e!["notificationType"]!).ToArray();

    /// <summary>The text of every receipt line.</summary>
    public static string[] ReceiptLines(this JsonObject session, string copy) => session[copy]!["lines"]!.AsArray().Select(l => (string)l!["text"]!["value"]!).ToArray();

    /// <summary>PUTs a signature decision.</summary>
    public static Task<HttpResponseMessage> SignAsync(this HttpClient client, string sessionId, bool accepted)
        => client.PutAsync($"/terminal-sessions/{sessionId}/signature", new StringContent($$"""{"accepted":{{(accepted ? "true" : "false")}}}""", System.Text.Encoding.UTF8, "application/json"));

    /// <summary>PUTs a cancel request.</summary>
    public static Task<HttpResponseMessage> CancelSessionAsync(this HttpClient client, string sessionId)
        => client.PutAsync($"/terminal-sessions/{sessionId}/cancel", null);
}
