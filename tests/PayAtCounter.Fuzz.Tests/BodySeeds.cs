using System.Text.Json.Nodes;

namespace PayAtCounter.Fuzz.Tests;

/// <summary>
/// A valid body for each operation that takes one, filled with ids the fuzzer has seen. Mutations start from these,
/// so most fuzzed bodies are one or two changes away from a request the server accepts.
/// </summary>
public static class BodySeeds
{
    private static readonly string[] Currencies = ["GBP", "EUR"];
    private static readonly string[] Outcomes = ["Approve", "Decline", "Signature", "Disconnect"];
    private static readonly string[] EntryModes = ["ContactChip", "Contactless", "Swipe", "ManualEntry"];
    private static readonly string[] Events = ["payment_intent.status_updated", "payment_intent.created", "terminal_session.status_updated"];

    /// <summary>A valid body for <paramref name="operation"/> (<c>METHOD /template</c>), or null when it takes none.</summary>
    public static JsonNode? For(string operation, IdPool ids, Random random, string receiverUrl)
    {
        var currency = Currencies[random.Next(Currencies.Length)];
        var amount = random.Next(1, 100_000);
        var intent = ids.Pick(random, "paymentIntentId") ?? "pi_sandbox_unknown";
        var terminal = ids.Terminals.Count > 0 ? ids.Terminals[random.Next(ids.Terminals.Count)].Id : "tm_unknown";
        var subscription = ids.Pick(random, "subscriptionId") ?? "wh_unknown";
        return operation switch
        {
            "POST /payment-intents" => Parse($$"""
                {"amount":{"value":{{amount}},"currencyCode":"{{currency}}"},"reference":"fuzz-{{random.Next()}}","captureMode":"{{(random.Next(2) == 0 ? "Auto" : "Manual")}}",
                 "description":"fuzzed","cardHolderNotPresent":false,"tipsAmount":{"value":{{random.Next(0, 500)}},"currencyCode":"{{currency}}"},
                 "itemLines":[{"id":"item1","quantity":1,"caption":"Coffee","amountTotal":{"value":{{amount}},"currencyCode":"{{currency}}"} }],
                 "metadata":{"till":"fuzz"} }
                """),
            "POST /payment-intents/search" => Parse("""{"statuses":["Created","Captured"]}"""),
            "POST /payment-intents/{paymentIntentId}/amount" => Parse($$"""{"amount":{"value":{{amount}},"currencyCode":"{{currency}}"} }"""),
            "POST /payment-intents/{paymentIntentId}/tips-amount" => Parse($$"""{"tipsAmount":{"value":{{random.Next(0, 1000)}},"currencyCode":"{{currency}}"} }"""),
            "POST /payment-intents/{paymentIntentId}/captures" => Parse($$"""{"amount":{{random.Next(1, 2000)}} }"""),
            "POST /payment-intents/{paymentIntentId}/refunds" => Parse($$"""{"amount":{{random.Next(1, 2000)}},"refundReason":"fuzz","notes":"fuzzed refund"}"""),
            "POST /payment-intents/{paymentIntentId}/receipt" => Parse("""{"emails":["till@example.com"]}"""),
            "POST /terminal-sessions" => random.Next(3) switch
            {
                0 => Parse($$"""{"terminalId":"{{terminal}}","details":{"sessionType":"Sale","sale":{"paymentIntentId":"{{intent}}"} } }"""),
                1 => Parse($$"""{"terminalId":"{{terminal}}","details":{"sessionType":"MatchedRefund","matchedRefund":{"paymentIntentId":"{{intent}}"} } }"""),
                _ => Parse($$"""{"terminalId":"{{terminal}}","details":{"sessionType":"UnlinkedRefund","unlinkedRefund":{"amount":{"value":{{amount}},"currencyCode":"{{currency}}"} } } }"""),
            },
            "PUT /terminal-sessions/{terminalSessionId}/signature" => Parse($$"""{"accepted":{{(random.Next(2) == 0 ? "true" : "false")}} }"""),
            "POST /webhooks" or "PATCH /webhooks/{subscriptionId}" => Parse($$"""{"events":["{{Events[random.Next(Events.Length)]}}"],"url":"{{receiverUrl}}","description":"fuzz"}"""),
            "POST /sandbox/clock/advance" => Parse($$"""{"duration":"00:00:{{random.Next(1, 59):00}}"}"""),
            "POST /sandbox/payment-intents/{paymentIntentId}/card-payment" => Parse($$"""{"entryMode":"{{EntryModes[random.Next(EntryModes.Length)]}}","approved":true}"""),
            "POST /sandbox/terminals" or "PATCH /sandbox/terminals/{terminalId}" => Parse($$"""{"name":"Fuzz {{random.Next(1000)}}","offline":false,"busyInMenu":{{(random.Next(4) == 0 ? "true" : "false")}} }"""),
            "POST /sandbox/terminals/{terminalId}/present-card" or "POST /sandbox/terminal-sessions/{terminalSessionId}/present-card"
                => Parse($$"""{"entryMode":"{{EntryModes[random.Next(EntryModes.Length)]}}","outcome":"{{Outcomes[random.Next(Outcomes.Length)]}}"}"""),
            "POST /sandbox/terminals/{terminalId}/next-session" => Parse($$"""{"outcome":"{{Outcomes[random.Next(Outcomes.Length)]}}","pinAttempts":1}"""),
            "POST /sandbox/webhooks/test-event" => Parse($$"""{"event":"payment_intent.status_updated","paymentIntentId":"{{intent}}"}"""),
            "POST /sandbox/snapshots" => Parse($$"""{"name":"fuzz-{{random.Next(50)}}"}"""),
            "POST /sandbox/fixtures" => Parse($$"""{"paymentIntents":[{"amount":{"value":{{amount}},"currencyCode":"{{currency}}"},"reference":"fixture"}]}"""),
            // A path no request has, so a rule the fuzzer manages to add never fires on it (and is removed at once).
            "POST /sandbox/faults" => Parse("""{"method":"GET","path":"/payment-intents/never-fuzzed","action":"Status","status":503,"count":1}"""),
            "POST /sandbox/webhooks/rules" => Parse($$"""{"subscriptionId":"{{subscription}}","action":"Duplicate","count":1}"""),
            "POST /sandbox/webhooks/replay" => Parse($$"""{"paymentIntentId":"{{intent}}"}"""),
            "POST /sandbox/readiness/runs" => Parse($$"""{"name":"fuzz run {{random.Next(100)}}","posVersion":"1.0"}"""),
            _ => null,
        };
    }

    private static JsonNode Parse(string json) => JsonNode.Parse(json)!;
}
