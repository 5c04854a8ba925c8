using System.Net;
using System.Text.Json.Nodes;
using PayAtCounter.Server.Tests.Infrastructure;
using PayAtCounter.Tests.Shared;

namespace PayAtCounter.Server.Tests.Scenarios;

/// <summary>Fixtures (issue 20, scope 1): a known world from a JSON document, by API or at start; a bad one applies nothing.</summary>
public sealed class FixtureTests : IDisposable
{
    private static readonly string LunchRush = File.ReadAllText(Path.Combine(RepositoryPaths.Root(), "samples", "fixtures", "lunch-rush.json"));

    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public FixtureTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_example_fixture_gives_its_terminals_intents_in_each_state_and_its_subscription()
    {
        var before = (string)(await _client.CreateIntentAsync())["id"]!;

        var applied = await (await _client.PostJsonAsync("/sandbox/fixtures", LunchRush)).ReadJsonAsync(HttpStatusCode.OK);

        var made = applied["paymentIntents"]!.AsArray();
        var states = new List<string>();
        foreach (var intent in made)
        {
            var read = await _client.GetIntentAsync((string)intent!["id"]!, returnCanceled: true);
            states.Add($"{read["reference"]}:{read["status"]}:{read["refundedAmount"] ?? 0}");
        }
        Assert.Equal(
            ["Table 1:Created:0", "Table 2:Captured:0", "Table 3:Captured:1200", "Table 4:Authorized:0", "Table 5:Refunded:2500", "Table 6:Reversed:0", "Table 7:Canceled:0"],
            states);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/payment-intents/{before}")).StatusCode);
        var terminals = JsonNode.Parse(await _client.GetStringAsync("/sandbox/terminals"))!.AsArray();
        Assert.Equal(["VBAR0001SIP0", "VCMPYC8APP1", "VGARDENOFF1", "VKITCHENPDQ1", "VTERRACEDIP0"], terminals.Select(t => (string)t!["tid"]!).Order());
        Assert.Equal("Interactive", (string)terminals.Single(t => (string)t!["tid"]! == "VKITCHENPDQ1")!["mode"]!);
        Assert.True((bool)terminals.Single(t => (string)t!["tid"]! == "VGARDENOFF1")!["offline"]!);
        var subscription = Assert.Single(JsonNode.Parse(await _client.GetStringAsync("/webhooks"))!.AsArray())!;
        Assert.Equal("https://127.0.0.1:9900/dojo/webhooks", (string)subscription["url"]!);
        // The world works: the authorized intent captures, the partly refunded one refunds the rest.
        await (await _client.PostJsonAsync($"/payment-intents/{made[3]!["id"]}/captures", """{"amount":9000}""")).ReadJsonAsync(HttpStatusCode.OK);
        await (await _client.RefundAsync((string)made[2]!["id"]!, 5200, "rest")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Refunded", (string)(await _client.GetIntentAsync((string)made[2]!["id"]!))["status"]!);
    }

    [Fact]
    public async Task A_bad_fixture_lists_every_problem_and_applies_nothing()
    {
        var kept = (string)(await _client.CreateIntentAsync())["id"]!;
        var clock = await _client.GetStringAsync("/sandbox/clock");
        var bad = """
            {"clock":"2001-01-01T00:00:00Z",
             "terminals":[{"tid":"VONE0001APP1"},{"tid":"VONE0001APP1"},{"name":"no tid"}],
             "paymentIntents":[{"reference":"A","amount":{"value":100,"currencyCode":"GBP"},"status":"Authorized"},
                               {"amount":{"value":-5,"currencyCode":"GBP"}},
                               {"reference":"C","amount":{"value":100,"currencyCode":"GBP"},"status":"Captured","refunds":[{"amount":500}]},
                               {"reference":"D","amount":{"value":100,"currencyCode":"GBP"},"status":"Lost"}],
             "subscriptions":[{"url":"ftp://example.invalid","events":["nope"]}]}
            """;

        var problem = await (await _client.PostJsonAsync("/sandbox/fixtures", bad)).ReadJsonAsync(HttpStatusCode.BadRequest);

        var fields = problem["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("clock", fields);
        Assert.Contains("terminals[1].tid", fields);
        Assert.Contains("terminals[2].tid", fields);
        Assert.Contains("paymentIntents[0].status", fields);
        Assert.Contains(fields, f => f.StartsWith("paymentIntents[1].", StringComparison.Ordinal));
        Assert.Contains("paymentIntents[2].refunds[0]", fields);
        Assert.Contains("paymentIntents[3].status", fields);
        Assert.Contains("subscriptions[0].url", fields);
        Assert.Contains("subscriptions[0].events", fields);
        Assert.Equal("Created", (string)(await _client.GetIntentAsync(kept))["status"]!);
        Assert.Equal(clock, await _client.GetStringAsync("/sandbox/clock"));
    }

    [Fact]
    public async Task Sandbox_Fixture_gives_a_new_sandbox_account_its_world_at_start()
    {
        var file = Path.Combine(Path.GetTempPath(), $"fixture-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, LunchRush);
        try
        {
            using var app = new PayAtCounterApp(settings: new Dictionary<string, string?> { ["Sandbox:Fixture"] = file });
            var client = app.CreateDojoClient();

            var search = await (await client.PostJsonAsync("/payment-intents/search", "{}")).ReadJsonAsync(HttpStatusCode.OK);

            Assert.Equal(["Table 1", "Table 2", "Table 3", "Table 4", "Table 5", "Table 6", "Table 7"], search["data"]!.AsArray().Select(i => (string)i!["reference"]!).Order());
            Assert.Equal(5, JsonNode.Parse(await client.GetStringAsync("/sandbox/terminals"))!.AsArray().Count);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
