using System.Net;
using System.Text;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.PaymentIntents;

/// <summary>
/// The payment-intent requests of Dojo's guides, sent byte for byte with the guides' header spellings,
/// behave as the guides say. The card step is the sandbox card payment.
/// </summary>
public sealed class GuideExamplesTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public GuideExamplesTests()
    {
        // The per-page curl samples send "Version: 2024-02-05"; header names are case-insensitive.
        _client = _app.CreateDojoClient(version: null);
        _client.DefaultRequestHeaders.Add("Version", "2024-02-05");
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Preauth_guide_create_manual_increment_twice_then_capture_less()
    {
        var created = await (await _client.PostJsonAsync("/payment-intents",
            """{ "amount": { "value": 1000, "currencyCode": "GBP" }, "reference": "Order 234", "description": "Demo payment intent", "captureMode": "Manual", "autoExpireAction": "Release", "autoExpireIn": "00.10:00:00" }"""))
            .ReadJsonAsync(HttpStatusCode.OK);
        var id = (string)created["id"]!;
        var authorized = await _client.PayAsync(id);

        var incremented = await (await _client.PostJsonAsync($"/payment-intents/{id}/amount", """{ "amount": { "value": 5500, "currencyCode": "GBP" } }""")).ReadJsonAsync(HttpStatusCode.OK);
        var capture = await (await _client.PostJsonAsync($"/payment-intents/{id}/captures", """{ "amount": 2000 }""")).ReadJsonAsync(HttpStatusCode.OK);
        var final = await _client.GetIntentAsync(id);

        Assert.Equal("Manual", (string)created["captureMode"]!);
        Assert.Equal("Authorized", (string)authorized["status"]!);
        Assert.Equal("Authorized", (string)incremented["status"]!);
        Assert.Equal(5500, (long)incremented["amount"]!["value"]!);
        Assert.Equal("collect payment for the order Order 234", (string)capture["message"]!);
        Assert.StartsWith("cp_", (string)capture["captureId"]!);
        Assert.Equal("Captured", (string)final["status"]!);
        Assert.Equal(2000, (long)final["captures"]![0]!["amount"]!);
    }

    [Fact]
    public async Task Walkthrough_auto_sale_then_api_refund_of_the_full_amount()
    {
        var created = await (await _client.PostJsonAsync("/payment-intents", """{"amount":{"value":1000,"currencyCode":"GBP"},"reference":"Order-234","captureMode":"Auto"}"""))
            .ReadJsonAsync(HttpStatusCode.OK);
        var id = (string)created["id"]!;
        await _client.PayAsync(id);

        var refund = await (await _client.PostJsonAsync($"/payment-intents/{id}/refunds",
            """{ "amount": 1000, "refundReason": "Demo refund", "notes": "Customer returned the order in store" }""")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("refund for the order Order-234", (string)refund["message"]!);
        Assert.StartsWith("rfnd_", (string)refund["refundId"]!);
        Assert.Equal("Refunded", (string)(await _client.GetIntentAsync(id))["status"]!);
    }

    [Fact]
    public async Task Samples_refund_with_the_IdempotencyKey_header_then_a_partial_refund()
    {
        var id = await _client.CapturedIntentAsync(1000);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/payment-intents/{id}/refunds")
        {
            Content = new StringContent("""{"amount":800,"refundReason":"Demo refund"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("IdempotencyKey", "656565gfyd65");

        await (await _client.SendAsync(request)).ReadJsonAsync(HttpStatusCode.OK);

        var intent = await _client.GetIntentAsync(id);
        Assert.Equal("Captured", (string)intent["status"]!);
        Assert.Equal(800, (long)intent["refundedAmount"]!);
    }

    [Fact]
    public async Task Reversal_and_search_for_created_intents_as_in_the_spec_examples()
    {
        var reversed = await _client.CapturedIntentAsync();
        var pending = (string)(await _client.CreateIntentAsync())["id"]!;

        var reversal = await (await _client.PostJsonAsync($"/payment-intents/{reversed}/reversal", "")).ReadJsonAsync(HttpStatusCode.OK);
        var page = await (await _client.PostJsonAsync("/payment-intents/search", """{"statuses":["Created"],"cursor":{"limit":20}}""")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.StartsWith("rvs_", (string)reversal["reversalId"]!);
        Assert.Equal("Reversed", (string)(await _client.GetIntentAsync(reversed))["status"]!);
        Assert.Equal([pending], page["data"]!.AsArray().Select(i => (string)i!["id"]!));
    }

    [Fact]
    public async Task Rule11_preauthorization_needs_manual_capture_an_auto_intent_is_captured_at_once()
    {
        var id = await _client.CapturedIntentAsync();

        Assert.Equal("Captured", (string)(await _client.GetIntentAsync(id))["status"]!);
        await (await _client.PostJsonAsync($"/payment-intents/{id}/captures", """{"amount":1000}""")).ReadJsonAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ContractA4_avs_result_is_shown_from_2025_09_10_only()
    {
        var id = (string)(await _client.CreateIntentAsync(extraJson: ""","billingAddress":{"postcode":"W2 1DG","countryCode":"GB"}"""))["id"]!;
        await _client.PayAsync(id);
        var current = _app.CreateDojoClient(version: "2025-09-10");

        var old = await _client.GetIntentAsync(id);
        var now = await current.GetIntentAsync(id);

        Assert.Null(old["paymentDetails"]!["avsResult"]);
        Assert.Equal("ADDRESS_MATCH_POSTCODE_MATCH", (string)now["paymentDetails"]!["avsResult"]!);
    }
}
