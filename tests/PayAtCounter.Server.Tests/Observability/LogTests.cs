using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Observability;

/// <summary>
/// The server's logs: a line per request with method, path, status, latency and account; and, over a whole flow, never
/// a key, a webhook secret or a card number, at any level.
/// </summary>
public sealed partial class LogTests
{
    [Fact]
    public async Task A_full_flow_logs_each_request_once_and_never_a_key_a_secret_or_a_card_number()
    {
        var lines = new List<string>();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Responses.Enqueue(500);
        await using var app = new PayAtCounterApp
        {
            Configure = host => host.ConfigureLogging(logging => logging.AddProvider(new ListLoggerProvider(lines)).SetMinimumLevel(LogLevel.Trace)),
        };
        var client = app.CreateDojoClient();

        // A wrong key.
        var refused = await app.CreateDojoClient("sk_sandbox_not_the_key_0123456789").GetAsync("/terminals");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        // A subscription, whose receiver fails the first delivery.
        var subscription = await (await client.PostJsonAsync("/webhooks", $$"""{"events":["payment_intent.status_updated"],"url":"{{receiver.Url}}"}""")).ReadJsonAsync(HttpStatusCode.OK);
        var secrets = subscription["secrets"]!.AsArray().Select(s => s!["value"]!.GetValue<string>()).ToList();
        // A sale that needs a signature, accepted.
        var intentId = (string)(await client.CreateIntentAsync(2500))["id"]!;
        var sessionId = (string)(await client.StartSaleAsync(await client.TerminalIdAsync("SIP0"), intentId))["id"]!;
        await client.PollAsync(sessionId, stopAt: "SignatureVerificationRequired");
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/terminal-sessions/{sessionId}/signature", new StringContent("""{"accepted":true}""", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        await client.PollAsync(sessionId);
        // A refund.
        Assert.Equal(HttpStatusCode.OK, (await client.RefundAsync(intentId, 500, "log-test-refund")).StatusCode);
        // The delivery's retry, once its backoff has passed.
        await receiver.WaitForAsync(1);
        await client.AdvanceClockAsync(TimeSpan.FromMinutes(2));
        await receiver.WaitForAsync(2);

        string[] logged;
        lock (lines)
        {
            logged = [.. lines];
        }
        Assert.True(logged.Length > 20, $"only {logged.Length} lines");
        Assert.Contains(logged, l => l.Contains($"POST /payment-intents/{intentId}/refunds 200 in ", StringComparison.Ordinal) && l.Contains("account acc_", StringComparison.Ordinal));
        Assert.Contains(logged, l => l.Contains("GET /terminals 401 in ", StringComparison.Ordinal) && l.EndsWith("account - ", StringComparison.Ordinal));
        Assert.Contains(logged, l => l.Contains("failed: 500", StringComparison.Ordinal) && l.Contains("Webhook ", StringComparison.Ordinal));
        Assert.Single(logged, l => l.Contains($"PUT /terminal-sessions/{sessionId}/signature 200", StringComparison.Ordinal));
        var secretsOfAnyKind = new[] { PayAtCounterApp.SandboxKey, PayAtCounterApp.OtherKey, PayAtCounterApp.ProductionKey, "sk_sandbox_not_the_key_0123456789" }.Concat(secrets).ToList();
        Assert.True(secrets.Count > 0);
        foreach (var line in logged)
        {
            Assert.DoesNotContain(secretsOfAnyKind, secret => line.Contains(secret, StringComparison.Ordinal));
            Assert.False(UnmaskedCard().IsMatch(line), $"a card number in: {line}");
        }
    }

    // The sandbox cards' numbers in full (they are only ever shown masked, 44565300****1096).
    [GeneratedRegex(@"(44565300|54545454|67596498|37828224)\d{4}")]
    private static partial Regex UnmaskedCard();
}
