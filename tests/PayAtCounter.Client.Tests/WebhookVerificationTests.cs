namespace PayAtCounter.Client.Tests;

/// <summary>Contract §5.2 test vectors through the SDK's verifier.</summary>
public sealed class WebhookVerificationTests
{
    private const string Body = """{"id":"evt_hnnHxIKR_Uy6bhZCusCltw","event":"payment_intent.created","accountId":"acc_test","createdAt":"2022-02-01T13:07:41.8667859Z","data":{"paymentIntentId":"pi_vpwd4ooAPEqyNAQe4z89WQ","paymentStatus":"Created","captureMode":"Auto"}}""";
    private const string Secret = "PDYkJQq6sESYHp_zJuTTBQ";
    private const string Valid = "sha256=4B-49-F8-FE-25-A7-E6-7D-00-4F-A7-9C-F8-0B-63-00-C7-77-B4-F2-2D-E5-E1-22-84-FA-04-18-50-A1-76-FD";

    [Fact]
    public void The_valid_vector_parses_into_a_typed_payload()
    {
        var payload = DojoWebhooks.ParseAndVerify(Body, Valid, Secret);

        Assert.Equal("evt_hnnHxIKR_Uy6bhZCusCltw", payload.Id);
        Assert.Equal("pi_vpwd4ooAPEqyNAQe4z89WQ", payload.Data.PaymentIntentId);
        Assert.Equal(Contracts.PaymentIntentStatus.Created, payload.Data.PaymentStatus);
    }

    [Theory]
    [InlineData("sha256=5B-49-F8-FE-25-A7-E6-7D-00-4F-A7-9C-F8-0B-63-00-C7-77-B4-F2-2D-E5-E1-22-84-FA-04-18-50-A1-76-FD", "Invalid payload signature.")]
    [InlineData(null, "missing")]
    [InlineData("sha1=4B-49", "not supported")]
    [InlineData("sha256", "form")]
    public void Every_failure_has_its_own_message(string? header, string message)
    {
        var error = Assert.Throws<DojoWebhookException>(() => DojoWebhooks.ParseAndVerify(Body, header, Secret));

        Assert.Contains(message, error.Message);
    }
}
