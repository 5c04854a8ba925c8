using System.Net;
using System.Text.Json.Nodes;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Webhooks;

/// <summary>
/// Webhook delivery control (issue 20, scope 4), as a receiver sees it: the same event twice, events out of order, a
/// late first attempt, a receiver "down" for its first attempts; and past events sent again. The clock is frozen, so
/// held deliveries go out only when a test moves it.
/// </summary>
public sealed class DeliveryRuleTests : IAsyncLifetime
{
    private readonly PayAtCounterApp _app = new();
    private HttpClient _client = null!;
    private WebhookReceiver _receiver = null!;
    private string _subscription = null!;

    public async Task InitializeAsync()
    {
        _client = _app.CreateDojoClient();
        _receiver = await WebhookReceiver.StartAsync();
        _subscription = (string)(await (await _client.PostJsonAsync("/webhooks", $$"""{"events":["payment_intent.created"],"url":"{{_receiver.Url}}"}""")).ReadJsonAsync(HttpStatusCode.OK))["id"]!;
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _app.Dispose();
    }

    private async Task<JsonObject> AddRuleAsync(string json)
        => await (await _client.PostJsonAsync("/sandbox/webhooks/rules", json.Replace("SUB", _subscription, StringComparison.Ordinal))).ReadJsonAsync(HttpStatusCode.Created);

    private async Task<JsonArray> DeliveriesAsync(string eventId)
        => JsonNode.Parse(await _client.GetStringAsync($"/sandbox/webhooks/deliveries?eventId={eventId}"))!.AsArray();

    // Waits (at most 10 s) until the subscription's one delivery has made this many attempts: a "down" receiver
    // gets nothing, so the delivery log is where an attempt shows.
    private Task AttemptsMadeAsync(int count)
        => DeliveriesMadeAsync(1, d => d[0]!["attempts"]!.AsArray().Count >= count, $"{count} attempt(s)");

    // Waits (at most 10 s) until the dispatcher has made the subscription's deliveries (held ones are only in the log).
    private async Task<JsonArray> DeliveriesMadeAsync(int count, Func<JsonArray, bool>? and = null, string? what = null)
    {
        for (var waited = 0; waited < 200; waited++)
        {
            var deliveries = JsonNode.Parse(await _client.GetStringAsync($"/sandbox/webhooks/deliveries?subscriptionId={_subscription}"))!.AsArray();
            if (deliveries.Count == count && (and is null || and(deliveries)))
            {
                return deliveries;
            }
            await Task.Delay(50);
        }
        Assert.Fail($"The dispatcher did not make {what ?? $"{count} deliveries"} within 10 s.");
        return [];
    }

    [Fact]
    public async Task Duplicate_delivers_the_same_event_twice_with_one_id_then_its_count_is_spent()
    {
        await AddRuleAsync("""{"subscriptionId":"SUB","action":"Duplicate","count":1}""");

        await _client.CreateIntentAsync();
        var twice = await _receiver.WaitForAsync(2);
        await _client.CreateIntentAsync();
        var all = await _receiver.WaitForAsync(3);

        Assert.Equal(twice[0].Body, twice[1].Body);
        var eventId = (string)twice[0].Json["id"]!;
        Assert.Equal(2, (await DeliveriesAsync(eventId)).Count);
        var next = all.Select(r => (string)r.Json["id"]!).Single(id => id != eventId);
        Assert.Single(await DeliveriesAsync(next));
    }

    [Fact]
    public async Task Reorder_holds_two_events_and_sends_the_newer_first()
    {
        await AddRuleAsync("""{"subscriptionId":"SUB","action":"Reorder","window":"00:00:02"}""");
        var first = (string)(await _client.CreateIntentAsync())["id"]!;
        var second = (string)(await _client.CreateIntentAsync())["id"]!;
        await DeliveriesMadeAsync(2);   // both held

        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(2));
        var one = await _receiver.WaitForAsync(1);
        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(1));
        var both = await _receiver.WaitForAsync(2);

        Assert.Equal(second, (string)one[0].Json["data"]!["paymentIntentId"]!);
        Assert.Equal([second, first], both.Select(r => (string)r.Json["data"]!["paymentIntentId"]!));
    }

    [Fact]
    public async Task Delay_holds_the_first_attempt_until_its_time()
    {
        await AddRuleAsync("""{"subscriptionId":"SUB","action":"Delay","delay":"00:00:30"}""");
        var intent = (string)(await _client.CreateIntentAsync())["id"]!;

        var pending = await DeliveriesMadeAsync(1);
        Assert.Equal("Pending", (string)Assert.Single(pending)!["status"]!);
        Assert.Empty(pending[0]!["attempts"]!.AsArray());
        Assert.Empty(_receiver.Received);

        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(intent, (string)(await _receiver.WaitForAsync(1))[0].Json["data"]!["paymentIntentId"]!);
    }

    [Fact]
    public async Task DropThenRetry_fails_the_first_attempts_as_a_down_receiver_then_the_retry_arrives()
    {
        await AddRuleAsync("""{"subscriptionId":"SUB","action":"DropThenRetry","failures":2}""");
        await _client.CreateIntentAsync();

        await AttemptsMadeAsync(1);
        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(3));
        await AttemptsMadeAsync(2);
        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(5));
        var received = await _receiver.WaitForAsync(1);

        var delivery = Assert.Single(await DeliveriesAsync((string)received[0].Json["id"]!))!;
        var attempts = delivery["attempts"]!.AsArray();
        Assert.Equal([null, null, 200], attempts.Select(a => (int?)a!["statusCode"]));
        Assert.Contains("receiver is down", (string)attempts[0]!["error"]!);
        Assert.Equal("Delivered", (string)delivery["status"]!);
    }

    [Fact]
    public async Task Replay_sends_a_past_event_again_with_its_id_and_resend_events_sends_an_intents_events()
    {
        var intent = (string)(await _client.CreateIntentAsync())["id"]!;
        var original = (await _receiver.WaitForAsync(1))[0];
        var eventId = (string)original.Json["id"]!;

        var replay = await (await _client.PostJsonAsync("/sandbox/webhooks/replay", $$"""{"eventId":"{{eventId}}"}""")).ReadJsonAsync(HttpStatusCode.OK);
        var again = await _receiver.WaitForAsync(2);
        var resent = await (await _client.PostAsync($"/sandbox/payment-intents/{intent}/resend-events", null)).ReadJsonAsync(HttpStatusCode.OK);
        var thrice = await _receiver.WaitForAsync(3);

        Assert.Equal(1, (int)replay["events"]!);
        Assert.Equal(original.Body, again[1].Body);
        Assert.Equal(1, (int)resent["events"]!);
        Assert.All(thrice, r => Assert.Equal(eventId, (string)r.Json["id"]!));
        Assert.Equal(3, (await DeliveriesAsync(eventId)).Count);
    }

    [Fact]
    public async Task Bad_rules_and_replays_are_refused_in_the_error_shape_and_another_account_sees_none()
    {
        var bad = await (await _client.PostJsonAsync("/sandbox/webhooks/rules", """{"action":"Shuffle","failures":0,"window":"soon"}""")).ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Action", "Failures", "SubscriptionId", "Window"], bad["errors"]!.AsObject().Select(e => e.Key).Order());
        await (await _client.PostJsonAsync("/sandbox/webhooks/rules", """{"subscriptionId":"wh_nope","action":"Duplicate"}""")).ReadJsonAsync(HttpStatusCode.NotFound);
        await (await _client.PostJsonAsync("/sandbox/webhooks/replay", "{}")).ReadJsonAsync(HttpStatusCode.BadRequest);
        await (await _client.PostJsonAsync("/sandbox/webhooks/replay", """{"eventId":"evt_nope"}""")).ReadJsonAsync(HttpStatusCode.NotFound);

        var rule = await AddRuleAsync("""{"subscriptionId":"SUB","action":"Duplicate"}""");
        var other = _app.CreateDojoClient(PayAtCounterApp.OtherKey);
        Assert.Empty(JsonNode.Parse(await other.GetStringAsync("/sandbox/webhooks/rules"))!.AsArray());
        await (await other.DeleteAsync($"/sandbox/webhooks/rules/{rule["id"]}")).ReadJsonAsync(HttpStatusCode.NotFound);
        await (await other.PostJsonAsync("/sandbox/webhooks/rules", $$"""{"subscriptionId":"{{_subscription}}","action":"Duplicate"}""")).ReadJsonAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/sandbox/webhooks/rules/{rule["id"]}")).StatusCode);
    }
}
