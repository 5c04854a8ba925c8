using System.Text.Json;
using PayAtCounter.Contracts;

namespace PayAtCounter.Till.Tests;

/// <summary>The till's webhook receiver: signatures checked with the SDK's verifier, repeats dropped by event id.</summary>
public sealed class WebhookInboxTests
{
    private const string Secret = "whsec_till_test_0123456789";

    [Fact]
    public async Task A_signed_event_is_applied_once_a_repeat_is_dropped_and_a_forgery_refused()
    {
        await using var till = await TillHarness.StartAsync();
        var order = await till.SellAsync("APP1");
        var inbox = new WebhookInbox(till.Counter, till.Counter.Journal) { Secret = Secret };
        var body = JsonSerializer.Serialize(new
        {
            id = "evt_till_1",
            @event = "payment_intent.status_updated",
            accountId = "acc_1",
            createdAt = DateTimeOffset.UtcNow,
            data = new { paymentIntentId = order.PaymentIntentId, paymentStatus = "Refunded", captureMode = "Auto" },
        });
        var signature = WebhookSignature.Compute(body, Secret);

        Assert.Equal(WebhookOutcome.Applied, inbox.Receive(body, signature));
        Assert.Equal(WebhookOutcome.Duplicate, inbox.Receive(body, signature));
        Assert.Equal(WebhookOutcome.Refused, inbox.Receive(body.Replace("Refunded", "Captured", StringComparison.Ordinal), signature));

        Assert.Equal(PaymentIntentStatus.Refunded, order.IntentStatus);
        Assert.Single(till.Counter.Journal.Entries, e => e.What == "event payment_intent.status_updated");
    }
}
