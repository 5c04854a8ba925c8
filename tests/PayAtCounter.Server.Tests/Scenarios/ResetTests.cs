using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Readiness;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Scenarios;

/// <summary><c>POST /sandbox/reset</c> (issue 20, scope 1): the account as a new one, with the same key.</summary>
public sealed class ResetTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public ResetTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_reset_account_reads_as_a_new_one_with_the_same_key_and_another_account_keeps_its_world()
    {
        var newAccount = await ReadableStateAsync(_app.CreateDojoClient(PayAtCounterApp.OtherKey));
        var other = _app.CreateDojoClient(PayAtCounterApp.OtherKey);
        var theirs = await other.CapturedIntentAsync();

        await using var receiver = await WebhookReceiver.StartAsync();
        await (await _client.PostJsonAsync("/webhooks", $$"""{"events":["payment_intent.created"],"url":"{{receiver.Url}}"}""")).ReadJsonAsync(HttpStatusCode.OK);
        var captured = await _client.CapturedIntentAsync();
        var session = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), (string)(await _client.CreateIntentAsync())["id"]!))["id"]!;
        await (await _client.PostJsonAsync("/sandbox/terminals", """{"tid":"VEXTRA01"}""")).ReadJsonAsync(HttpStatusCode.OK);
        await (await _client.PostJsonAsync("/sandbox/readiness/runs", """{"name":"before"}""")).ReadJsonAsync(HttpStatusCode.OK);
        await (await _client.PostJsonAsync("/sandbox/snapshots", """{"name":"kept"}""")).ReadJsonAsync(HttpStatusCode.Created);
        Assert.NotEqual(Normalized(newAccount), Normalized(await ReadableStateAsync(_client)));

        var reset = await (await _client.PostAsync("/sandbox/reset", null)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(0, await RecordedRequestsAsync(PayAtCounterApp.SandboxKey));   // before any request after the reset
        Assert.Equal(newAccount["terminals"]!.AsArray().Count, (int)reset["terminals"]!);
        Assert.Equal(Normalized(newAccount), Normalized(await ReadableStateAsync(_client)));
        Assert.NotEqual(0, await RecordedRequestsAsync(PayAtCounterApp.OtherKey));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/payment-intents/{captured}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/terminal-sessions/{session}")).StatusCode);
        Assert.Equal("Captured", (string)(await other.GetIntentAsync(theirs))["status"]!);
        // The key still works, and a sale runs on the fresh terminals.
        var intent = (string)(await _client.CreateIntentAsync())["id"]!;
        var sale = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intent))["id"]!;
        Assert.Equal("Captured", (string)(await _client.PollAsync(sale))[^1]["status"]!);
    }

    [Fact]
    public async Task A_reset_can_keep_the_snapshots_and_restore_one_afterwards()
    {
        var captured = await _client.CapturedIntentAsync();
        await (await _client.PostJsonAsync("/sandbox/snapshots", """{"name":"paid"}""")).ReadJsonAsync(HttpStatusCode.Created);

        var reset = await (await _client.PostAsync("/sandbox/reset?keepSnapshots=true", null)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.True((bool)reset["snapshotsKept"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/payment-intents/{captured}")).StatusCode);
        await (await _client.PostAsync("/sandbox/snapshots/paid/restore", null)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Captured", (string)(await _client.GetIntentAsync(captured))["status"]!);
    }

    // The account's recorded till traffic, as the readiness inspector and the dashboard read it.
    private async Task<int> RecordedRequestsAsync(string apiKey)
    {
        await _app.Services.GetRequiredService<RequestRecorder>().CatchUpAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.True(_app.Services.GetRequiredService<AccountDirectory>().TryFindCached(apiKey, out var account));
        await using var scope = _app.Services.CreateAsyncScope();
        var (items, _) = await scope.ServiceProvider.GetRequiredService<ReadinessStore>().RecentRequestsAsync(account.Id, null, 100, CancellationToken.None);
        return items.Count;
    }

    // Everything an account can list about itself through the API.
    private static async Task<JsonObject> ReadableStateAsync(HttpClient client) => new()
    {
        ["terminals"] = JsonNode.Parse(await client.GetStringAsync("/sandbox/terminals")),
        ["intents"] = JsonNode.Parse(await (await client.PostJsonAsync("/payment-intents/search", "{}")).Content.ReadAsStringAsync()),
        ["subscriptions"] = JsonNode.Parse(await client.GetStringAsync("/webhooks")),
        ["deliveries"] = JsonNode.Parse(await client.GetStringAsync("/sandbox/webhooks/deliveries")),
        ["readinessRuns"] = JsonNode.Parse(await client.GetStringAsync("/sandbox/readiness/runs")),
        ["snapshots"] = JsonNode.Parse(await client.GetStringAsync("/sandbox/snapshots")),
    };

    // Two new accounts differ only in their ids and the times their terminals were made.
    private static string Normalized(JsonObject state)
    {
        foreach (var terminal in state["terminals"]!.AsArray())
        {
            terminal!["id"] = "tm";
            terminal["updatedAt"] = "t";
        }
        return state.ToJsonString();
    }
}
