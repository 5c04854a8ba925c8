using PayAtCounter.Contracts;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.Webhooks;

namespace PayAtCounter.Engine.Tests;

/// <summary>Contract §5.2 (signature and its test vectors), A24 (secrets) and the retry policy.</summary>
public sealed class WebhookTests
{
    private const string Body = """{"id":"evt_hnnHxIKR_Uy6bhZCusCltw","event":"payment_intent.created","accountId":"acc_test","createdAt":"2022-02-01T13:07:41.8667859Z","data":{"paymentIntentId":"pi_vpwd4ooAPEqyNAQe4z89WQ","paymentStatus":"Created","captureMode":"Auto"}}""";
    private const string Secret = "PDYkJQq6sESYHp_zJuTTBQ";
    private const string Valid = "sha256=4B-49-F8-FE-25-A7-E6-7D-00-4F-A7-9C-F8-0B-63-00-C7-77-B4-F2-2D-E5-E1-22-84-FA-04-18-50-A1-76-FD";

    [Fact]
    public void Contract_5_2_test_vector_signature_is_reproduced_exactly()
    {
        Assert.Equal(Valid, WebhookSignature.Compute(Body, Secret));
        Assert.True(WebhookSignature.IsValid(Body, Secret, Valid));
    }

    [Theory]
    [InlineData("sha256=5B-49-F8-FE-25-A7-E6-7D-00-4F-A7-9C-F8-0B-63-00-C7-77-B4-F2-2D-E5-E1-22-84-FA-04-18-50-A1-76-FD")]
    [InlineData("sha256=4b-49-f8-fe-25-a7-e6-7d-00-4f-a7-9c-f8-0b-63-00-c7-77-b4-f2-2d-e5-e1-22-84-fa-04-18-50-a1-76-fd")]
    [InlineData("sha256=4B49F8FE25A7E67D004FA79CF80B6300C777B4F22DE5E12284FA041850A176FD")]
    [InlineData("SHA256=4B-49-F8-FE-25-A7-E6-7D-00-4F-A7-9C-F8-0B-63-00-C7-77-B4-F2-2D-E5-E1-22-84-FA-04-18-50-A1-76-FD")]
    [InlineData("")]
    public void Contract_5_2_anything_but_the_exact_signature_is_rejected(string header)
    {
        Assert.False(WebhookSignature.IsValid(Body, Secret, header));
    }

    [Fact]
    public void The_body_is_signed_as_sent_and_the_secret_is_not_base64_decoded()
    {
        Assert.False(WebhookSignature.IsValid(Body + " ", Secret, Valid));
        Assert.False(WebhookSignature.IsValid(Body, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Secret)), Valid));
    }

    [Fact]
    public void ContractA24_secret_lifecycle()
    {
        var ids = new IdGenerator(3);
        var now = DateTimeOffset.UnixEpoch;
        var subscription = SubscriptionCommands.Create("acc_1", ["payment_intent.created"], "https://x.test/h", null, now, ids);

        var two = SubscriptionCommands.GenerateSecret(subscription, now, ids).Value!;
        var third = SubscriptionCommands.GenerateSecret(two, now, ids);
        var fresh = two.Secrets.Single(s => !s.IsActive);
        var rotated = SubscriptionCommands.ActivateSecret(two, fresh.Id, now).Value!;

        Assert.Single(subscription.Secrets);
        Assert.Equal(DomainErrorKind.Conflict, third.Error!.Kind);
        Assert.Equal(fresh.Id, rotated.ActiveSecret.Id);
        Assert.Equal(DomainErrorKind.Conflict, SubscriptionCommands.DeleteSecret(rotated, fresh.Id, now).Error!.Kind);
        Assert.Single(SubscriptionCommands.DeleteSecret(rotated, subscription.Secrets[0].Id, now).Value!.Secrets);
        Assert.NotEqual(subscription.Secrets[0].Value, fresh.Value);
    }

    [Fact]
    public void Backoff_doubles_within_twenty_percent_and_is_capped()
    {
        var policy = new RetryPolicy(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), 8);

        Assert.Equal(TimeSpan.FromSeconds(1.6), policy.Delay(1, 0));
        Assert.Equal(TimeSpan.FromSeconds(4), policy.Delay(2, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(9.6), policy.Delay(3, 1));
        Assert.Equal(TimeSpan.FromSeconds(30), policy.Delay(20, 0.5));
    }

    [Fact]
    public void Delivered_on_success_failed_after_the_limit_and_redeliver_starts_a_new_count()
    {
        var policy = new RetryPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), 2);
        var at = DateTimeOffset.UnixEpoch;
        var delivery = new DeliveryState { Id = "whd_1", AccountId = "acc", EventId = "evt", EventType = "payment_intent.created", SubscriptionId = "ws", Status = DeliveryStatus.Pending, CreatedAt = at, NextAttemptAt = at };
        DeliveryAttempt Failed(DateTimeOffset when) => new(when, "https://x", 500, 1, null, null, "sc");

        var once = policy.Record(delivery, Failed(at), 0.5);
        var twice = policy.Record(once, Failed(at.AddSeconds(1)), 0.5);
        var again = RetryPolicy.Redeliver(twice, at.AddSeconds(10));
        var delivered = policy.Record(again, new DeliveryAttempt(at.AddSeconds(10), "https://x", 204, 1, null, null, "sc"), 0.5);

        Assert.Equal(DeliveryStatus.Pending, once.Status);
        Assert.Equal(at.AddSeconds(1), once.NextAttemptAt);
        Assert.Equal(DeliveryStatus.Failed, twice.Status);
        Assert.Equal(DeliveryStatus.Pending, again.Status);
        Assert.Equal(DeliveryStatus.Delivered, delivered.Status);
        Assert.Equal(3, delivered.Attempts.Count);
    }
}
