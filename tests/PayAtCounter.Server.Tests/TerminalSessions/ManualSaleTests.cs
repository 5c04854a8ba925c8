using System.Net;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.TerminalSessions;

/// <summary>Go-live checklist "[Manual] Create Terminal Session - Preauth" (MP-01 … MP-08), rules 31 and 47.</summary>
public sealed class ManualSaleTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public ManualSaleTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    private async Task<string> ManualIntentAsync(long amount = 1000)
        => (string)(await _client.CreateIntentAsync(amount, "Manual", ""","autoExpireAction":"Release","autoExpireIn":"00.10:00:00" """))["id"]!;

    private async Task<string> InteractiveSaleAsync(string intentId, string presentCardJson, bool enterPin)
    {
        var terminalId = await _client.TerminalIdAsync("PDQ1");
        var sessionId = (string)(await _client.StartSaleAsync(terminalId, intentId))["id"]!;
        await _client.PollAsync(sessionId, stopAt: "Initiated");
        await (await _client.PostJsonAsync($"/sandbox/terminals/{terminalId}/present-card", presentCardJson)).ReadJsonAsync(HttpStatusCode.OK);
        if (enterPin)
        {
            await _client.AdvanceClockAsync(TimeSpan.FromSeconds(1));
            await (await _client.PostJsonAsync($"/sandbox/terminals/{terminalId}/enter-pin", "")).ReadJsonAsync(HttpStatusCode.OK);
        }
        return sessionId;
    }

    [Fact]
    public async Task MP01_and_Rule47_chip_and_pin_preauthorization_is_authorized()
    {
        var intentId = await ManualIntentAsync();
        var sessionId = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intentId))["id"]!;

        var final = (await _client.PollAsync(sessionId))[^1];
        var intent = await _client.GetIntentAsync(intentId);

        Assert.Equal("Authorized", (string)final["status"]!);
        Assert.Equal(["InitiateRequested", "Initiated", "Authorized"], final.Statuses());
        Assert.Equal("Authorized", (string)intent["status"]!);
        Assert.Contains(intent["paymentEvents"]!.AsArray(), e => (string)e!["eventType"]! == "Authorized");
    }

    [Fact]
    public async Task MP02_contactless_preauthorization_is_authorized()
    {
        var intentId = await ManualIntentAsync(2500);

        var sessionId = await InteractiveSaleAsync(intentId, """{"entryMode":"Contactless"}""", enterPin: false);
        var final = (await _client.PollAsync(sessionId))[^1];

        Assert.Equal("Authorized", (string)final["status"]!);
        Assert.Equal("Contactless", (string)final["paymentDetails"]!["card"]!["entryMode"]!);
        Assert.Equal("Authorized", (string)(await _client.GetIntentAsync(intentId))["status"]!);
    }

    [Fact]
    public async Task MP03_a_different_card_type_is_authorized_and_recorded()
    {
        var visa = await ManualIntentAsync();
        var mastercard = await ManualIntentAsync();

        var first = (await _client.PollAsync(await InteractiveSaleAsync(visa, """{"entryMode":"ContactChip"}""", enterPin: true)))[^1];
        var second = (await _client.PollAsync(await InteractiveSaleAsync(mastercard, """{"entryMode":"ContactChip","cardType":"MASTERCARD"}""", enterPin: true)))[^1];

        Assert.Equal("Authorized", (string)second["status"]!);
        Assert.Equal("VISA", (string)first["paymentDetails"]!["card"]!["cardType"]!);
        Assert.Equal("MASTERCARD", (string)second["paymentDetails"]!["card"]!["cardType"]!);
        Assert.Equal("MASTERCARD", (string)(await _client.GetIntentAsync(mastercard))["paymentDetails"]!["card"]!["cardType"]!);
    }

    [Fact]
    public async Task MP04_DIP0_declines_and_the_manual_intent_is_reused()
    {
        var intentId = await ManualIntentAsync();

        var declined = (await _client.PollAsync((string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("DIP0"), intentId))["id"]!))[^1];
        var retried = (await _client.PollAsync((string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intentId))["id"]!))[^1];

        Assert.Equal("Declined", (string)declined["status"]!);
        Assert.Equal("Authorized", (string)retried["status"]!);
    }

    [Fact]
    public async Task MP05_increasing_the_preauthorized_amount_answers_authorized()
    {
        var intentId = await ManualIntentAsync();
        await _client.PollAsync((string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intentId))["id"]!);

        var increased = await (await _client.PostJsonAsync($"/payment-intents/{intentId}/amount", """{"amount":{"value":5500,"currencyCode":"GBP"}}""")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Authorized", (string)increased["status"]!);
        Assert.Equal(5500, (long)increased["amount"]!["value"]!);
    }

    [Fact]
    public async Task MP06_changing_a_captured_intent_returns_the_guides_error()
    {
        var intentId = await ManualIntentAsync();
        await _client.PollAsync((string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intentId))["id"]!);
        await (await _client.PostJsonAsync($"/payment-intents/{intentId}/captures", """{"amount":1000}""")).ReadJsonAsync(HttpStatusCode.OK);

        var problem = await (await _client.PostJsonAsync($"/payment-intents/{intentId}/amount", """{"amount":{"value":5500,"currencyCode":"GBP"}}""")).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal($"Invalid request for payment with id {intentId}. The status Captured does not allow this change.", (string)problem["detail"]!);
    }

    [Fact]
    public async Task MP07_updating_an_intent_that_does_not_exist_is_404()
    {
        await (await _client.PostJsonAsync("/payment-intents/pi_sandbox_EaaC8tw2fUKVVoSUt5JgJQ/amount", """{"amount":{"value":5500,"currencyCode":"GBP"}}""")).ReadJsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task MP08_updating_the_amount_to_zero_is_amount_must_be_higher_than_0()
    {
        var intentId = await ManualIntentAsync();

        var problem = await (await _client.PostJsonAsync($"/payment-intents/{intentId}/amount", """{"amount":{"value":0,"currencyCode":"GBP"}}""")).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal("amount must be higher than 0", (string)problem["detail"]!);
    }

    [Fact]
    public async Task Manual_SIP0_signature_accepted_ends_authorized()
    {
        var intentId = await ManualIntentAsync();
        var sessionId = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("SIP0"), intentId))["id"]!;
        await _client.PollAsync(sessionId, stopAt: "SignatureVerificationRequired");

        await (await _client.SignAsync(sessionId, true)).ReadJsonAsync(HttpStatusCode.OK);
        var final = (await _client.PollAsync(sessionId, stopAt: "Authorized"))[^1];

        Assert.Equal("Authorized", (string)final["status"]!);
        Assert.Equal("Authorized", (string)(await _client.GetIntentAsync(intentId))["status"]!);
    }
}
