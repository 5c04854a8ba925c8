using System.Net;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.PaymentIntents;

/// <summary>Contract §7.2 rules 15–17 and the DELETE row of §7.15: cancel and retrieve.</summary>
public sealed class CancelAndGetTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public CancelAndGetTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Rule16_and_PI05_delete_cancels_a_created_intent()
    {
        var id = (string)(await _client.CreateIntentAsync())["id"]!;

        var canceled = await (await _client.DeleteAsync($"/payment-intents/{id}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Canceled", (string)canceled["status"]!);
        Assert.Equal("Canceled", (string)canceled["paymentEvents"]![0]!["eventType"]!);
    }

    [Fact]
    public async Task Rule15_a_canceled_intent_is_404_unless_return_canceled_is_true()
    {
        var id = (string)(await _client.CreateIntentAsync())["id"]!;
        await _client.DeleteAsync($"/payment-intents/{id}");

        await (await _client.GetAsync($"/payment-intents/{id}")).ReadJsonAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/payment-intents/{id}?returnCanceled=false")).ReadJsonAsync(HttpStatusCode.NotFound);
        var intent = await _client.GetIntentAsync(id, returnCanceled: true);

        Assert.Equal("Canceled", (string)intent["status"]!);
    }

    [Fact]
    public async Task Rule16_delete_of_a_captured_intent_is_400_with_the_status_message()
    {
        var id = await _client.CapturedIntentAsync();

        var problem = await (await _client.DeleteAsync($"/payment-intents/{id}")).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal($"Invalid request for payment with id {id}. The status Captured does not allow this change.", (string)problem["detail"]!);
        Assert.Equal("Captured", (string)(await _client.GetIntentAsync(id))["status"]!);
    }

    [Fact]
    public async Task Rule16_delete_of_an_authorized_intent_is_400_and_leaves_it_authorized()
    {
        var id = await _client.AuthorizedIntentAsync();

        var problem = await (await _client.DeleteAsync($"/payment-intents/{id}")).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal($"Invalid request for payment with id {id}. The status Authorized does not allow this change.", (string)problem["detail"]!);
        var intent = await _client.GetIntentAsync(id);
        Assert.Equal("Authorized", (string)intent["status"]!);
        Assert.DoesNotContain(intent["paymentEvents"]!.AsArray(), e => (string)e!["eventType"]! == "Canceled");
    }

    [Fact]
    public async Task Rule15_delete_of_a_canceled_intent_is_404_like_get()
    {
        var id = (string)(await _client.CreateIntentAsync())["id"]!;
        await _client.DeleteAsync($"/payment-intents/{id}");

        await (await _client.DeleteAsync($"/payment-intents/{id}")).ReadJsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Rule17_every_operation_on_a_canceled_intent_fails()
    {
        var id = (string)(await _client.CreateIntentAsync())["id"]!;
        await _client.DeleteAsync($"/payment-intents/{id}");

        await (await _client.PostJsonAsync($"/payment-intents/{id}/amount", """{"amount":{"value":1,"currencyCode":"GBP"}}""")).ReadJsonAsync(HttpStatusCode.BadRequest);
        await (await _client.PostJsonAsync($"/payment-intents/{id}/tips-amount", """{"tipsAmount":{"value":1,"currencyCode":"GBP"}}""")).ReadJsonAsync(HttpStatusCode.BadRequest);
        await (await _client.PostJsonAsync($"/payment-intents/{id}/captures", """{"amount":1}""")).ReadJsonAsync(HttpStatusCode.Conflict);
        await (await _client.PostJsonAsync($"/payment-intents/{id}/refunds", """{"amount":1}""")).ReadJsonAsync(HttpStatusCode.BadRequest);
        await (await _client.PostJsonAsync($"/payment-intents/{id}/reversal", "")).ReadJsonAsync(HttpStatusCode.Conflict);
        await (await _client.PostJsonAsync($"/sandbox/payment-intents/{id}/card-payment", "{}")).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal("Canceled", (string)(await _client.GetIntentAsync(id, returnCanceled: true))["status"]!);
    }

    [Fact]
    public async Task Unknown_intent_is_404_problem_details()
    {
        var problem = await (await _client.GetAsync("/payment-intents/pi_sandbox_nope")).ReadJsonAsync(HttpStatusCode.NotFound);

        Assert.Equal(404, (int)problem["status"]!);
        Assert.Equal("https://tools.ietf.org/html/rfc7231#section-6.5.4", (string)problem["type"]!);
        Assert.NotNull(problem["traceId"]);
    }

    [Fact]
    public async Task PI03_a_paid_intent_carries_payment_details_and_a_captured_event()
    {
        var id = await _client.CapturedIntentAsync();

        var intent = await _client.GetIntentAsync(id);

        Assert.Equal("Captured", (string)intent["status"]!);
        Assert.Equal("DEPOSITED", (string)intent["paymentDetails"]!["message"]!);
        Assert.Matches("^[0-9]{6}$", (string)intent["paymentDetails"]!["authCode"]!);
        Assert.Equal("44565300****1096", (string)intent["paymentDetails"]!["card"]!["cardNumber"]!);
        Assert.Contains(intent["paymentEvents"]!.AsArray(), e => (string)e!["eventType"]! == "Captured");
    }

    [Fact]
    public async Task Rule30_contactless_above_100_pounds_is_verified_by_device_not_none()
    {
        var small = (string)(await _client.CreateIntentAsync(10_000))["id"]!;
        var large = (string)(await _client.CreateIntentAsync(10_001))["id"]!;

        var smallPaid = await _client.PayAsync(small, "Contactless");
        var largePaid = await _client.PayAsync(large, "Contactless");

        Assert.Equal("None", (string)smallPaid["paymentDetails"]!["card"]!["verificationMethod"]!);
        // Rule 30: above £100 a contactless payment is verified, by PIN (the sandbox's choice) or a device.
        Assert.Contains((string)largePaid["paymentDetails"]!["card"]!["verificationMethod"]!, new[] { "Pin", "Device" });
    }

    [Fact]
    public async Task Declined_card_leaves_the_intent_created_and_reusable()
    {
        var id = (string)(await _client.CreateIntentAsync())["id"]!;

        var declined = await _client.PayAsync(id, approved: false);
        var paid = await _client.PayAsync(id);

        Assert.Equal("Created", (string)declined["status"]!);
        Assert.Equal("Declined", (string)declined["paymentEvents"]![0]!["eventType"]!);
        Assert.Equal("Captured", (string)paid["status"]!);
    }
}
