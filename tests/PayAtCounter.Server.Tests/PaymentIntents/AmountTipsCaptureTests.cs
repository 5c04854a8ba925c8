using System.Net;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.PaymentIntents;

/// <summary>Contract §7.3, rules 21–29 and 32: amount changes, tips and captures (pre-authorization).</summary>
public sealed class AmountTipsCaptureTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public AmountTipsCaptureTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Rule21_and_Rule23_amount_change_on_created_keeps_the_requested_amount()
    {
        var id = (string)(await _client.CreateIntentAsync(1000))["id"]!;

        var intent = await (await _client.PostJsonAsync($"/payment-intents/{id}/amount", """{"amount":{"value":5500,"currencyCode":"GBP"}}"""))
            .ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Created", (string)intent["status"]!);
        Assert.Equal(5500, (long)intent["amount"]!["value"]!);
        Assert.Equal(5500, (long)intent["totalAmount"]!["value"]!);
        Assert.Equal(1000, (long)intent["requestedAmount"]!["value"]!);
    }

    [Fact]
    public async Task Rule22_and_PI04_amount_can_change_repeatedly_on_an_authorized_intent()
    {
        var id = await _client.AuthorizedIntentAsync(1000);

        foreach (var value in new[] { 1500, 2500, 1800 })
        {
            var intent = await (await _client.PostJsonAsync($"/payment-intents/{id}/amount", $$$"""{"amount":{"value":{{{value}}},"currencyCode":"GBP"}}"""))
                .ReadJsonAsync(HttpStatusCode.OK);
            Assert.Equal("Authorized", (string)intent["status"]!);
            Assert.Equal(value, (long)intent["amount"]!["value"]!);
        }
    }

    [Theory]
    [InlineData("Captured")]
    [InlineData("Refunded")]
    [InlineData("Reversed")]
    public async Task Rule24_amount_change_is_refused_once_captured_refunded_or_reversed(string status)
    {
        var id = await _client.CapturedIntentAsync(1000);
        if (status == "Refunded")
        {
            await _client.PostJsonAsync($"/payment-intents/{id}/refunds", """{"amount":1000}""");
        }
        else if (status == "Reversed")
        {
            await _client.PostJsonAsync($"/payment-intents/{id}/reversal", "");
        }

        var problem = await (await _client.PostJsonAsync($"/payment-intents/{id}/amount", """{"amount":{"value":2000,"currencyCode":"GBP"}}"""))
            .ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal($"Invalid request for payment with id {id}. The status {status} does not allow this change.", (string)problem["detail"]!);
    }

    [Fact]
    public async Task Rule25_amount_change_to_zero_is_400()
    {
        var id = (string)(await _client.CreateIntentAsync())["id"]!;

        var problem = await (await _client.PostJsonAsync($"/payment-intents/{id}/amount", """{"amount":{"value":0,"currencyCode":"GBP"}}"""))
            .ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal("amount must be higher than 0", (string)problem["detail"]!);
        Assert.Equal(1000, (long)(await _client.GetIntentAsync(id))["amount"]!["value"]!);
    }

    [Fact]
    public async Task Rule26_amount_change_on_an_unknown_intent_is_404()
    {
        await (await _client.PostJsonAsync("/payment-intents/pi_sandbox_missing/amount", """{"amount":{"value":10,"currencyCode":"GBP"}}"""))
            .ReadJsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Amount_change_in_another_currency_is_400()
    {
        var id = (string)(await _client.CreateIntentAsync())["id"]!;

        var problem = await (await _client.PostJsonAsync($"/payment-intents/{id}/amount", """{"amount":{"value":10,"currencyCode":"EUR"}}"""))
            .ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("Amount.CurrencyCode"));
    }

    [Fact]
    public async Task Rule32_tips_are_set_on_created_and_authorized_and_refused_after_capture()
    {
        var created = (string)(await _client.CreateIntentAsync(1000))["id"]!;
        var authorized = await _client.AuthorizedIntentAsync(1000);
        var captured = await _client.CapturedIntentAsync(1000);

        var onCreated = await (await _client.PostJsonAsync($"/payment-intents/{created}/tips-amount", """{"tipsAmount":{"value":200,"currencyCode":"GBP"}}""")).ReadJsonAsync(HttpStatusCode.OK);
        await (await _client.PostJsonAsync($"/payment-intents/{authorized}/tips-amount", """{"tipsAmount":{"value":200,"currencyCode":"GBP"}}""")).ReadJsonAsync(HttpStatusCode.OK);
        await (await _client.PostJsonAsync($"/payment-intents/{captured}/tips-amount", """{"tipsAmount":{"value":200,"currencyCode":"GBP"}}""")).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal(200, (long)onCreated["tipsAmount"]!["value"]!);
        Assert.Equal(1200, (long)onCreated["totalAmount"]!["value"]!);
    }

    [Fact]
    public async Task Rule27_and_Rule28_partial_capture_of_an_authorized_intent()
    {
        var id = await _client.AuthorizedIntentAsync(2000);

        var capture = await (await _client.PostJsonAsync($"/payment-intents/{id}/captures", """{"amount":1500}""")).ReadJsonAsync(HttpStatusCode.OK);
        var intent = await _client.GetIntentAsync(id);

        Assert.StartsWith("cp_", (string)capture["captureId"]!);
        Assert.NotNull(capture["message"]);
        Assert.Equal("Captured", (string)intent["status"]!);
        var details = intent["captures"]![0]!;
        Assert.Equal(1500, (long)details["amount"]!);
        Assert.Equal("Successful", (string)details["status"]!);
        Assert.Equal((string)capture["captureId"]!, (string)details["id"]!);
    }

    [Fact]
    public async Task Rule29_capture_above_the_authorized_amount_is_400_and_changes_nothing()
    {
        var id = await _client.AuthorizedIntentAsync(2000);

        var problem = await (await _client.PostJsonAsync($"/payment-intents/{id}/captures", """{"amount":2001}""")).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("Amount"));
        Assert.Equal("Authorized", (string)(await _client.GetIntentAsync(id))["status"]!);
    }

    [Fact]
    public async Task Rule29_capture_when_not_authorized_is_409_including_a_second_capture_and_changes_nothing()
    {
        var created = (string)(await _client.CreateIntentAsync())["id"]!;
        var authorized = await _client.AuthorizedIntentAsync(1000);
        await (await _client.PostJsonAsync($"/payment-intents/{authorized}/captures", """{"amount":1000}""")).ReadJsonAsync(HttpStatusCode.OK);

        var notAuthorized = await (await _client.PostJsonAsync($"/payment-intents/{created}/captures", """{"amount":100}""")).ReadJsonAsync(HttpStatusCode.Conflict);
        // Contract A14: the first capture finalizes the intent.
        var secondCapture = await (await _client.PostJsonAsync($"/payment-intents/{authorized}/captures", """{"amount":100}""")).ReadJsonAsync(HttpStatusCode.Conflict);

        Assert.Contains("status Created", (string)notAuthorized["detail"]!);
        Assert.Contains("status Captured", (string)secondCapture["detail"]!);
        Assert.Equal("Created", (string)(await _client.GetIntentAsync(created))["status"]!);
        var captured = await _client.GetIntentAsync(authorized);
        Assert.Equal([1000L], captured["captures"]!.AsArray().Select(c => (long)c!["amount"]!));
        Assert.Equal("Captured", (string)captured["status"]!);
    }

    [Fact]
    public async Task Rule31_a_manual_sale_session_ends_authorized_and_an_increased_amount_is_captured()
    {
        var id = (string)(await _client.CreateIntentAsync(1000, "Manual"))["id"]!;
        var final = (await _client.PollAsync((string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), id))["id"]!))[^1];
        Assert.Equal("Authorized", (string)final["status"]!);
        Assert.Equal("Authorized", (string)(await _client.GetIntentAsync(id))["status"]!);

        var raised = await (await _client.PostJsonAsync($"/payment-intents/{id}/amount", """{"amount":{"value":1400,"currencyCode":"GBP"}}""")).ReadJsonAsync(HttpStatusCode.OK);
        await (await _client.PostJsonAsync($"/payment-intents/{id}/captures", """{"amount":1400}""")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(1400, (long)raised["amount"]!["value"]!);
        Assert.Equal("Authorized", (string)raised["status"]!);
        var captured = await _client.GetIntentAsync(id);
        Assert.Equal(1400, (long)captured["captures"]![0]!["amount"]!);
        Assert.Equal("Captured", (string)captured["status"]!);
    }
}
