using System.Net;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.PaymentIntents;

/// <summary>Contract §7.10 rules 60–62 and §7.11 rule 66; go-live rows RF-01 and RF-02.</summary>
public sealed class RefundReversalTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public RefundReversalTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Rule60_and_RF01_full_refund_makes_the_intent_refunded()
    {
        var id = await _client.CapturedIntentAsync(1000);

        var refund = await (await _client.PostJsonAsync($"/payment-intents/{id}/refunds",
            """{"amount":1000,"refundReason":"Demo refund","notes":"Customer returned the order in store"}""")).ReadJsonAsync(HttpStatusCode.OK);
        var intent = await _client.GetIntentAsync(id);

        Assert.StartsWith("rfnd_", (string)refund["refundId"]!);
        Assert.Equal(id, (string)refund["paymentIntentId"]!);
        Assert.Equal("Demo refund", (string)refund["refundReason"]!);
        Assert.NotNull(refund["message"]);
        Assert.Equal("Refunded", (string)intent["status"]!);
        Assert.Equal(1000, (long)intent["refundedAmount"]!);
    }

    [Fact]
    public async Task Rule61_and_RF02_partial_refunds_keep_the_intent_captured_until_the_last_one()
    {
        var id = await _client.CapturedIntentAsync(1000);

        await (await _client.PostJsonAsync($"/payment-intents/{id}/refunds", """{"amount":300}""")).ReadJsonAsync(HttpStatusCode.OK);
        var afterFirst = await _client.GetIntentAsync(id);
        await (await _client.PostJsonAsync($"/payment-intents/{id}/refunds", """{"amount":700}""")).ReadJsonAsync(HttpStatusCode.OK);
        var afterSecond = await _client.GetIntentAsync(id);

        Assert.Equal("Captured", (string)afterFirst["status"]!);
        Assert.Equal(300, (long)afterFirst["refundedAmount"]!);
        Assert.Equal("Refunded", (string)afterSecond["status"]!);
        Assert.Equal(1000, (long)afterSecond["refundedAmount"]!);
    }

    [Fact]
    public async Task Rule61_refund_above_what_is_left_is_400_and_refunds_nothing()
    {
        var id = await _client.CapturedIntentAsync(1000);
        await _client.PostJsonAsync($"/payment-intents/{id}/refunds", """{"amount":600}""");

        var problem = await (await _client.PostJsonAsync($"/payment-intents/{id}/refunds", """{"amount":500}""")).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("Amount"));
        Assert.Equal(600, (long)(await _client.GetIntentAsync(id))["refundedAmount"]!);
    }

    [Theory]
    [InlineData("Manual")]
    [InlineData("Auto")]
    public async Task Rule61_refund_of_an_intent_that_is_not_captured_is_400_and_refunds_nothing(string captureMode)
    {
        var id = captureMode == "Manual" ? await _client.AuthorizedIntentAsync() : (string)(await _client.CreateIntentAsync())["id"]!;
        var status = captureMode == "Manual" ? "Authorized" : "Created";

        var problem = await (await _client.PostJsonAsync($"/payment-intents/{id}/refunds", """{"amount":100}""")).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal($"Invalid request for payment with id {id}. The status {status} does not allow this change.", (string)problem["detail"]!);
        var intent = await _client.GetIntentAsync(id);
        Assert.Equal(status, (string)intent["status"]!);
        Assert.Equal(0, (long)intent["refundedAmount"]!);
    }

    [Fact]
    public async Task Rule62_same_idempotency_key_returns_the_first_refund_without_refunding_again()
    {
        var id = await _client.CapturedIntentAsync(1000);
        HttpRequestMessage Request() => new(HttpMethod.Post, $"/payment-intents/{id}/refunds")
        {
            Content = new StringContent("""{"amount":400}""", System.Text.Encoding.UTF8, "application/json"),
            Headers = { { "IdempotencyKey", "656565gfyd65" } },
        };

        var first = await (await _client.SendAsync(Request())).ReadJsonAsync(HttpStatusCode.OK);
        var second = await (await _client.SendAsync(Request())).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal((string)first["refundId"]!, (string)second["refundId"]!);
        Assert.Equal(400, (long)(await _client.GetIntentAsync(id))["refundedAmount"]!);
    }

    [Fact]
    public async Task ContractA2_refunds_without_a_key_are_each_new()
    {
        var id = await _client.CapturedIntentAsync(1000);

        var first = await (await _client.PostJsonAsync($"/payment-intents/{id}/refunds", """{"amount":100}""")).ReadJsonAsync(HttpStatusCode.OK);
        var second = await (await _client.PostJsonAsync($"/payment-intents/{id}/refunds", """{"amount":100}""")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.NotEqual((string)first["refundId"]!, (string)second["refundId"]!);
        Assert.Equal(200, (long)(await _client.GetIntentAsync(id))["refundedAmount"]!);
    }

    [Fact]
    public async Task ContractA37_refund_is_retrievable_by_id_and_an_unknown_one_is_404()
    {
        var id = await _client.CapturedIntentAsync(1000);
        var refund = await (await _client.PostJsonAsync($"/payment-intents/{id}/refunds", """{"amount":250,"refundReason":"Damaged"}""")).ReadJsonAsync(HttpStatusCode.OK);

        var fetched = await (await _client.GetAsync($"/payment-intents/refunds/{refund["refundId"]}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(id, (string)fetched["paymentIntentId"]!);
        Assert.Equal("Damaged", (string)fetched["refundReason"]!);
        await (await _client.GetAsync("/payment-intents/refunds/rfnd_unknown")).ReadJsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Refund_amount_of_zero_and_overlong_fields_are_400()
    {
        var id = await _client.CapturedIntentAsync(1000);

        var zero = await (await _client.PostJsonAsync($"/payment-intents/{id}/refunds", """{"amount":0}""")).ReadJsonAsync(HttpStatusCode.BadRequest);
        var longReason = await (await _client.PostJsonAsync($"/payment-intents/{id}/refunds", $$"""{"amount":10,"refundReason":"{{new string('r', 1025)}}"}""")).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(zero.FieldErrors("Amount"));
        Assert.NotEmpty(longReason.FieldErrors("RefundReason"));
    }

    [Theory]
    [InlineData("Auto")]
    [InlineData("Manual")]
    public async Task Rule66_reversal_of_a_captured_or_authorized_intent_makes_it_reversed(string captureMode)
    {
        var id = captureMode == "Auto" ? await _client.CapturedIntentAsync() : await _client.AuthorizedIntentAsync();

        var reversal = await (await _client.PostJsonAsync($"/payment-intents/{id}/reversal", "")).ReadJsonAsync(HttpStatusCode.OK);
        var intent = await _client.GetIntentAsync(id);

        Assert.StartsWith("rvs_", (string)reversal["reversalId"]!);
        Assert.Equal("Reversed", (string)intent["status"]!);
        Assert.Equal(0, (long)intent["refundedAmount"]!);
    }

    [Theory]
    [InlineData("Created")]
    [InlineData("Reversed")]
    [InlineData("Refunded")]
    [InlineData("Canceled")]
    public async Task Rule66_reversal_in_any_other_status_is_409_and_changes_nothing(string status)
    {
        var id = status switch
        {
            "Created" or "Canceled" => (string)(await _client.CreateIntentAsync())["id"]!,
            _ => await _client.CapturedIntentAsync(1000),
        };
        var setUp = status switch
        {
            "Reversed" => await _client.PostJsonAsync($"/payment-intents/{id}/reversal", ""),
            "Refunded" => await _client.PostJsonAsync($"/payment-intents/{id}/refunds", """{"amount":1000}"""),
            "Canceled" => await _client.DeleteAsync($"/payment-intents/{id}"),
            _ => null,
        };
        Assert.True(setUp?.IsSuccessStatusCode ?? true);
        var before = await _client.GetIntentAsync(id, returnCanceled: true);

        var problem = await (await _client.PostJsonAsync($"/payment-intents/{id}/reversal", "")).ReadJsonAsync(HttpStatusCode.Conflict);

        Assert.Contains($"status {status}", (string)problem["detail"]!);
        var after = await _client.GetIntentAsync(id, returnCanceled: true);
        Assert.Equal(status, (string)after["status"]!);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    [Fact]
    public async Task Email_receipt_is_204_for_a_known_intent_404_for_an_unknown_one_and_400_for_a_bad_address()
    {
        var id = await _client.CapturedIntentAsync();

        var sent = await _client.PostJsonAsync($"/payment-intents/{id}/receipt", """{"emails":["gabriel@dojo.com","mari@dojo.com"]}""");
        Assert.Equal(HttpStatusCode.NoContent, sent.StatusCode);
        await (await _client.PostJsonAsync("/payment-intents/pi_sandbox_none/receipt", """{"emails":["a@b.com"]}""")).ReadJsonAsync(HttpStatusCode.NotFound);
        var bad = await (await _client.PostJsonAsync($"/payment-intents/{id}/receipt", """{"emails":["not-an-address"]}""")).ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(bad.FieldErrors("Emails[0]"));
        var canceled = (string)(await _client.CreateIntentAsync())["id"]!;
        await _client.DeleteAsync($"/payment-intents/{canceled}");
        await (await _client.PostJsonAsync($"/payment-intents/{canceled}/receipt", """{"emails":["a@b.com"]}""")).ReadJsonAsync(HttpStatusCode.NotFound);
    }
}
