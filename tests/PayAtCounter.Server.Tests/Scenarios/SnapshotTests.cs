using System.Net;
using System.Text.Json.Nodes;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Scenarios;

/// <summary>Snapshots (issue 20, scope 1): the whole world of an account saved under a name and put back atomically.</summary>
public sealed class SnapshotTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public SnapshotTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_restore_puts_back_intents_refunds_terminals_and_subscriptions_and_drops_what_came_after()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var captured = await _client.CapturedIntentAsync(amount: 1500);
        await (await _client.RefundAsync(captured, 500, "first")).ReadJsonAsync(HttpStatusCode.OK);
        var subscription = await (await _client.PostJsonAsync("/webhooks", $$"""{"events":["payment_intent.created"],"url":"{{receiver.Url}}"}""")).ReadJsonAsync(HttpStatusCode.OK);
        var terminalId = await _client.TerminalIdAsync("APP1");
        var before = await WorldAsync(captured, terminalId);

        var taken = await (await _client.PostJsonAsync("/sandbox/snapshots", """{"name":"lunch-rush"}""")).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, (int)taken["rows"]!["refunds"]!);
        Assert.Equal(1, (int)taken["rows"]!["webhook_subscriptions"]!);

        await (await _client.RefundAsync(captured, 1000, "second")).ReadJsonAsync(HttpStatusCode.OK);
        await (await _client.PatchAsync($"/sandbox/terminals/{terminalId}", JsonContent("""{"name":"Renamed","offline":true}"""))).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/webhooks/{subscription["id"]}")).StatusCode);
        var later = (string)(await _client.CreateIntentAsync())["id"]!;
        Assert.NotEqual(before.ToJsonString(), (await WorldAsync(captured, terminalId)).ToJsonString());

        var restored = await (await _client.PostAsync("/sandbox/snapshots/lunch-rush/restore", null)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("lunch-rush", (string)restored["name"]!);
        Assert.Equal(before.ToJsonString(), (await WorldAsync(captured, terminalId)).ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/payment-intents/{later}")).StatusCode);
        // The refund made after the snapshot is gone, so its idempotency key refunds afresh.
        var again = await (await _client.RefundAsync(captured, 1000, "second")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Refunded", (string)(await _client.GetIntentAsync(captured))["status"]!);
        Assert.NotNull(again["refundId"]);
    }

    [Fact]
    public async Task A_session_live_at_the_snapshot_runs_once_to_its_end_after_a_restore_and_one_started_later_is_gone()
    {
        var intent = (string)(await _client.CreateIntentAsync())["id"]!;
        var session = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intent))["id"]!;
        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(1));
        await (await _client.PostJsonAsync("/sandbox/snapshots", """{"name":"mid-sale"}""")).ReadJsonAsync(HttpStatusCode.Created);
        var firstRun = (await _client.PollAsync(session))[^1];
        var otherTerminal = await _client.TerminalIdAsync("SIP0");
        var later = (string)(await _client.StartSaleAsync(otherTerminal, (string)(await _client.CreateIntentAsync())["id"]!))["id"]!;

        await (await _client.PostAsync("/sandbox/snapshots/mid-sale/restore", null)).ReadJsonAsync(HttpStatusCode.OK);

        // The clock is shared and does not go back: the restored sale's steps are due, and run once each.
        var secondRun = (await _client.PollAsync(session))[^1];
        Assert.Equal(firstRun.Statuses(), secondRun.Statuses());
        Assert.Equal(firstRun.Notifications(), secondRun.Notifications());
        Assert.Equal("Captured", (string)(await _client.GetIntentAsync(intent))["status"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/terminal-sessions/{later}")).StatusCode);
        // The terminal the later sale ran on is free again.
        await _client.StartSaleAsync(otherTerminal, (string)(await _client.CreateIntentAsync())["id"]!);
    }

    [Fact]
    public async Task A_finished_session_polled_before_a_restore_is_not_served_after_it_when_the_snapshot_predates_it()
    {
        await (await _client.PostJsonAsync("/sandbox/snapshots", """{"name":"before-the-sale"}""")).ReadJsonAsync(HttpStatusCode.Created);
        var intent = (string)(await _client.CreateIntentAsync())["id"]!;
        var session = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intent))["id"]!;
        await _client.PollAsync(session);
        await _client.GetSessionAsync(session);   // a finished session is served from memory from here on

        await (await _client.PostAsync("/sandbox/snapshots/before-the-sale/restore", null)).ReadJsonAsync(HttpStatusCode.OK);

        await (await _client.GetAsync($"/terminal-sessions/{session}")).ReadJsonAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/payment-intents/{intent}")).ReadJsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task With_a_seed_the_same_calls_after_a_restore_get_the_same_ids_and_answers()
    {
        using var seeded = new PayAtCounterApp(settings: new Dictionary<string, string?> { ["Sandbox:Seed"] = "42" });
        var client = seeded.CreateDojoClient();
        await client.CapturedIntentAsync();
        await (await client.PostJsonAsync("/sandbox/snapshots", """{"name":"start"}""")).ReadJsonAsync(HttpStatusCode.Created);

        var first = await CallsAsync(client);
        await (await client.PostAsync("/sandbox/snapshots/start/restore", null)).ReadJsonAsync(HttpStatusCode.OK);
        var second = await CallsAsync(client);

        Assert.Equal(first, second);
        Assert.Contains("pi_sandbox_", first);
    }

    [Fact]
    public async Task Names_are_checked_and_a_taken_name_unknown_name_or_deleted_snapshot_is_refused_in_the_error_shape()
    {
        var invalid = await (await _client.PostJsonAsync("/sandbox/snapshots", """{"name":"no spaces/allowed"}""")).ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(invalid.FieldErrors("Name"));
        await (await _client.PostJsonAsync("/sandbox/snapshots", "{}")).ReadJsonAsync(HttpStatusCode.BadRequest);

        await (await _client.PostJsonAsync("/sandbox/snapshots", """{"name":"one"}""")).ReadJsonAsync(HttpStatusCode.Created);
        var taken = await (await _client.PostJsonAsync("/sandbox/snapshots", """{"name":"one"}""")).ReadJsonAsync(HttpStatusCode.Conflict);
        Assert.Contains("one", (string)taken["detail"]!);
        await (await _client.PostAsync("/sandbox/snapshots/two/restore", null)).ReadJsonAsync(HttpStatusCode.NotFound);

        var list = JsonNode.Parse(await _client.GetStringAsync("/sandbox/snapshots"))!.AsArray();
        Assert.Equal(["one"], list.Select(s => (string)s!["name"]!));
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync("/sandbox/snapshots/one")).StatusCode);
        await (await _client.DeleteAsync("/sandbox/snapshots/one")).ReadJsonAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/sandbox/snapshots/one")).ReadJsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_account_neither_sees_nor_restores_a_snapshot_and_its_world_is_untouched_by_one()
    {
        var other = _app.CreateDojoClient(PayAtCounterApp.OtherKey);
        var theirs = await other.CapturedIntentAsync();
        await (await _client.PostJsonAsync("/sandbox/snapshots", """{"name":"mine"}""")).ReadJsonAsync(HttpStatusCode.Created);
        var theirsAfter = (string)(await other.CreateIntentAsync())["id"]!;

        Assert.Empty(JsonNode.Parse(await other.GetStringAsync("/sandbox/snapshots"))!.AsArray());
        await (await other.PostAsync("/sandbox/snapshots/mine/restore", null)).ReadJsonAsync(HttpStatusCode.NotFound);
        await (await other.DeleteAsync("/sandbox/snapshots/mine")).ReadJsonAsync(HttpStatusCode.NotFound);
        await (await _client.PostAsync("/sandbox/snapshots/mine/restore", null)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Captured", (string)(await other.GetIntentAsync(theirs))["status"]!);
        Assert.Equal("Created", (string)(await other.GetIntentAsync(theirsAfter))["status"]!);
    }

    // What a till can read of the world: the intent (with its refunds), every terminal, and the subscriptions.
    private async Task<JsonObject> WorldAsync(string intentId, string terminalId) => new()
    {
        ["intent"] = await _client.GetIntentAsync(intentId),
        ["terminals"] = JsonNode.Parse(await _client.GetStringAsync("/sandbox/terminals")),
        ["terminal"] = JsonNode.Parse(await _client.GetStringAsync($"/terminals/{terminalId}")),
        ["subscriptions"] = JsonNode.Parse(await _client.GetStringAsync("/webhooks")),
    };

    // A few calls whose answers hold ids: an intent paid by card and refunded, all as the till reads them back.
    private static async Task<string> CallsAsync(HttpClient client)
    {
        var intent = await client.CapturedIntentAsync(amount: 2500);
        var refund = await (await client.RefundAsync(intent, 700, "k1")).ReadJsonAsync(HttpStatusCode.OK);
        return (await client.GetIntentAsync(intent)).ToJsonString() + refund.ToJsonString();
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
