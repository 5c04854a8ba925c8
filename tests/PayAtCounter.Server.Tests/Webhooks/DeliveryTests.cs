using System.Net;
using System.Text.Json.Nodes;
using PayAtCounter.Contracts;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Webhooks;

/// <summary>Contract §5 and rules 69–70: signed, reliable delivery to a real HTTPS receiver on loopback.</summary>
public sealed class DeliveryTests : IAsyncLifetime
{
    private readonly PayAtCounterApp _app = new();
    private HttpClient _client = null!;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _client = _app.CreateDojoClient();
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _app.Dispose();
    }

    private async Task<JsonObject> SubscribeAsync(string events = """["payment_intent.created","payment_intent.updated","payment_intent.status_updated"]""")
        => await (await _client.PostJsonAsync("/webhooks", $$"""{"events":{{events}},"url":"{{_receiver.Url}}"}""")).ReadJsonAsync(HttpStatusCode.OK);

    private static string ActiveSecret(JsonObject subscription) => (string)subscription["secrets"]!.AsArray().Single(s => (bool)s!["isActive"]!)!["value"]!;

    private async Task<JsonArray> DeliveriesAsync(string query = "")
        => JsonNode.Parse(await (await _client.GetAsync("/sandbox/webhooks/deliveries" + query)).Content.ReadAsStringAsync())!.AsArray();

    [Fact]
    public async Task Rule69_and_Rule70_a_terminal_sale_delivers_status_updated_captured_signed_with_the_active_secret()
    {
        var subscription = await SubscribeAsync("""["payment_intent.status_updated"]""");
        var intentId = (string)(await _client.CreateIntentAsync())["id"]!;
        var sessionId = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intentId))["id"]!;
        var final = (await _client.PollAsync(sessionId))[^1];

        var webhook = (await _receiver.WaitForAsync(1))[0];

        var json = webhook.Json;
        Assert.Equal("payment_intent.status_updated", (string)json["event"]!);
        Assert.StartsWith("evt_", (string)json["id"]!);
        Assert.Equal(intentId, (string)json["data"]!["paymentIntentId"]!);
        Assert.Equal("Captured", (string)json["data"]!["paymentStatus"]!);
        Assert.Equal("Auto", (string)json["data"]!["captureMode"]!);
        // Its time is the session's Captured status event (contract §5.1).
        Assert.Equal(DateTimeOffset.Parse((string)final["updatedAt"]!), DateTimeOffset.Parse((string)json["createdAt"]!));
        Assert.StartsWith("application/json", webhook.ContentType);
        Assert.Matches("^sha256=([0-9A-F]{2}-){31}[0-9A-F]{2}$", webhook.Signature);
        Assert.True(WebhookSignature.IsValid(webhook.Body, ActiveSecret(subscription), webhook.Signature));
        Assert.False(WebhookSignature.IsValid(webhook.Body, "another secret", webhook.Signature));
    }

    [Fact]
    public async Task Each_change_raises_its_event_created_updated_and_one_status_updated_per_status()
    {
        await SubscribeAsync();
        var id = (string)(await _client.CreateIntentAsync(1000, "Manual"))["id"]!;
        await _client.PostJsonAsync($"/payment-intents/{id}/amount", """{"amount":{"value":1500,"currencyCode":"GBP"}}""");
        await _client.PayAsync(id);
        await _client.PostJsonAsync($"/payment-intents/{id}/captures", """{"amount":1500}""");

        var received = await _receiver.WaitForAsync(4);

        // Deliveries run in parallel, so arrival order is not promised (as with Dojo): compare as a set.
        Assert.Equal(
            ["payment_intent.created/Created", "payment_intent.status_updated/Authorized", "payment_intent.status_updated/Captured", "payment_intent.updated/Created"],
            received.Select(r => $"{r.Json["event"]}/{r.Json["data"]!["paymentStatus"]}").Order());
        Assert.Equal(4, received.Select(r => (string)r.Json["id"]!).Distinct().Count());
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_same_event_on_the_third_attempt_with_attempts_logged()
    {
        await SubscribeAsync("""["payment_intent.created"]""");
        _receiver.Responses.Enqueue(500);
        _receiver.Responses.Enqueue(503);

        await _client.CreateIntentAsync();
        await _receiver.WaitForAsync(1);
        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(3));
        await _receiver.WaitForAsync(2);
        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(5));
        var received = await _receiver.WaitForAsync(3);

        Assert.Single(received.Select(r => r.Body).Distinct());
        var delivery = await WaitForDeliveryAsync(d => (string)d["status"]! == "Delivered");
        var attempts = delivery["attempts"]!.AsArray();
        Assert.Equal([500, 503, 200], attempts.Select(a => (int)a!["statusCode"]!));
        Assert.All(attempts, a => Assert.True((long)a!["latencyMs"]! >= 0));
        Assert.Equal((string)received[0].Json["id"]!, (string)delivery["eventId"]!);
    }

    [Fact]
    public async Task Retries_back_off_exponentially_and_give_up_after_the_limit()
    {
        using var app = new PayAtCounterApp(settings: new Dictionary<string, string?> { ["Webhooks:MaxAttempts"] = "3", ["Webhooks:RetryBaseDelay"] = "00:00:10" });
        var client = app.CreateDojoClient();
        await (await client.PostJsonAsync("/webhooks", $$"""{"events":["payment_intent.created"],"url":"{{_receiver.Url}}"}""")).ReadJsonAsync(HttpStatusCode.OK);
        for (var i = 0; i < 5; i++)
        {
            _receiver.Responses.Enqueue(500);
        }

        await client.CreateIntentAsync();
        await _receiver.WaitForAsync(1);
        var afterFirst = await WaitForDeliveryAsync(client, d => d["attempts"]!.AsArray().Count == 1);
        await client.AdvanceClockAsync(TimeSpan.FromSeconds(13));
        await _receiver.WaitForAsync(2);
        var afterSecond = await WaitForDeliveryAsync(client, d => d["attempts"]!.AsArray().Count == 2);
        await client.AdvanceClockAsync(TimeSpan.FromSeconds(25));
        await _receiver.WaitForAsync(3);
        var final = await WaitForDeliveryAsync(client, d => d["attempts"]!.AsArray().Count == 3);

        // The schedule itself says when the next attempt may go: 10 s ±20 % after the first, 20 s ±20 % after the
        // second, and none after the third (Failed, nothing due), so no waiting is needed to know none comes early.
        Assert.InRange(Gap(afterFirst, 0), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(12));
        Assert.InRange(Gap(afterSecond, 1), TimeSpan.FromSeconds(16), TimeSpan.FromSeconds(24));
        Assert.Equal("Failed", (string)final["status"]!);
        Assert.Null(final["nextAttemptAt"]);
        Assert.Equal(3, _receiver.Received.Count);

        static TimeSpan Gap(JsonObject delivery, int attempt)
            => DateTimeOffset.Parse((string)delivery["nextAttemptAt"]!) - DateTimeOffset.Parse((string)delivery["attempts"]![attempt]!["at"]!);
    }

    [Fact]
    public async Task A_refused_connection_is_logged_with_its_error_and_retried()
    {
        using var down = WebhookReceiver.Reserve();
        await (await _client.PostJsonAsync("/webhooks", $$"""{"events":["payment_intent.created"],"url":"{{down.Url}}"}""")).ReadJsonAsync(HttpStatusCode.OK);

        await _client.CreateIntentAsync();
        var delivery = await WaitForDeliveryAsync(d => d["attempts"]!.AsArray().Count == 1);

        Assert.Equal("Pending", (string)delivery["status"]!);
        Assert.Null(delivery["attempts"]![0]!["statusCode"]);
        Assert.False(string.IsNullOrEmpty((string?)delivery["attempts"]![0]!["error"]));
        Assert.NotNull(delivery["nextAttemptAt"]);
    }

    [Fact]
    public async Task Secret_rotation_signs_with_the_new_secret_and_no_longer_with_the_old()
    {
        var subscription = await SubscribeAsync("""["payment_intent.created"]""");
        var id = (string)subscription["id"]!;
        var oldSecret = ActiveSecret(subscription);
        var generated = await (await _client.PostAsync($"/webhooks/{id}/secrets", null)).ReadJsonAsync(HttpStatusCode.OK);
        var fresh = generated["secrets"]!.AsArray().Single(s => !(bool)s!["isActive"]!)!;

        await _client.CreateIntentAsync();
        var before = (await _receiver.WaitForAsync(1))[0];
        await _client.PutAsync($"/webhooks/{id}/secrets/{fresh["id"]}/activate", null);
        await _client.CreateIntentAsync();
        var after = (await _receiver.WaitForAsync(2))[1];

        Assert.True(WebhookSignature.IsValid(before.Body, oldSecret, before.Signature));
        Assert.True(WebhookSignature.IsValid(after.Body, (string)fresh["value"]!, after.Signature));
        Assert.False(WebhookSignature.IsValid(after.Body, oldSecret, after.Signature));
    }

    [Fact]
    public async Task Redeliver_sends_a_delivered_event_again_with_the_same_id()
    {
        await SubscribeAsync("""["payment_intent.created"]""");
        await _client.CreateIntentAsync();
        var first = (await _receiver.WaitForAsync(1))[0];
        var delivery = await WaitForDeliveryAsync(d => (string)d["status"]! == "Delivered");

        await (await _client.PostAsync($"/sandbox/webhooks/deliveries/{delivery["id"]}/redeliver", null)).ReadJsonAsync(HttpStatusCode.OK);
        var again = await _receiver.WaitForAsync(2);

        Assert.Equal(first.Body, again[1].Body);
        await (await _client.PostAsync("/sandbox/webhooks/deliveries/whd_missing/redeliver", null)).ReadJsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_sandbox_test_event_reaches_subscribers_of_that_event_only()
    {
        await SubscribeAsync("""["payment_intent.status_updated"]""");

        var sent = await (await _client.PostJsonAsync("/sandbox/webhooks/test-event", """{"paymentStatus":"Refunded"}""")).ReadJsonAsync(HttpStatusCode.OK);
        var webhook = (await _receiver.WaitForAsync(1))[0];
        var unwanted = await (await _client.PostJsonAsync("/sandbox/webhooks/test-event", """{"event":"payment_intent.created"}""")).ReadJsonAsync(HttpStatusCode.OK);
        // A wanted event after it: the dispatcher fans out every waiting event together, in batches far larger than
        // this, so once the later one has its delivery the unwanted one has been fanned out, to no one.
        var later = await (await _client.PostJsonAsync("/sandbox/webhooks/test-event", """{"paymentStatus":"Captured"}""")).ReadJsonAsync(HttpStatusCode.OK);
        await WaitForDeliveryAsync(_client, d => (string)d["eventId"]! == (string)later["eventId"]!);

        Assert.Equal((string)sent["eventId"]!, (string)webhook.Json["id"]!);
        Assert.Equal("Refunded", (string)webhook.Json["data"]!["paymentStatus"]!);
        Assert.Empty(await DeliveriesAsync($"?eventId={unwanted["eventId"]}"));
        Assert.DoesNotContain(_receiver.Received, r => (string)r.Json["id"]! == (string)unwanted["eventId"]!);
    }

    private Task<JsonObject> WaitForDeliveryAsync(Func<JsonObject, bool> condition) => WaitForDeliveryAsync(_client, condition);

    // Polls the delivery log (at most 15 s) until a delivery matches.
    private static async Task<JsonObject> WaitForDeliveryAsync(HttpClient client, Func<JsonObject, bool> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            var deliveries = JsonNode.Parse(await (await client.GetAsync("/sandbox/webhooks/deliveries")).Content.ReadAsStringAsync())!.AsArray();
            if (deliveries.Select(d => d!.AsObject()).FirstOrDefault(condition) is { } found)
            {
                return found;
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException("No delivery matched; deliveries: " + await (await client.GetAsync("/sandbox/webhooks/deliveries")).Content.ReadAsStringAsync());
    }
}
