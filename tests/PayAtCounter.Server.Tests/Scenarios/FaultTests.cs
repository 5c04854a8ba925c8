using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PayAtCounter.Server.Readiness;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Scenarios;

/// <summary>
/// API fault injection (issue 20, scope 2), checked as a till observes it: the status it gets, what is stored, what a
/// retry returns. The injected 5xx and 429 are not in Dojo's schema for these paths, so those calls go through a
/// client that does not validate against it.
/// </summary>
public sealed class FaultTests : IDisposable
{
    private readonly FakeTimeProvider _wall = new(DateTimeOffset.UtcNow);
    private readonly PayAtCounterApp _app;
    private readonly HttpClient _client;

    public FaultTests()
    {
        _app = new PayAtCounterApp { Configure = host => host.ConfigureTestServices(services => services.AddSingleton(new WallClock(_wall))) };
        _client = _app.CreateDojoClient();
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task An_injected_503_answers_in_the_paths_error_shape_with_Retry_After_and_stores_nothing()
    {
        await AddRuleAsync("""{"method":"POST","path":"/payment-intents","action":"Status","status":503,"retryAfter":5,"count":1}""");
        var raw = RawClient(_app);

        var failed = await raw.PostAsync("/payment-intents", Json("""{"amount":{"value":1000,"currencyCode":"GBP"},"reference":"Order 1"}"""));
        var problem = JsonNode.Parse(await failed.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("5", failed.Headers.GetValues("Retry-After").Single());
        Assert.Equal(503, (int)problem["status"]!);
        Assert.NotNull(problem["traceId"]);
        Assert.Empty(await IntentsAsync(_client));
        // Its one call is spent: the retry goes through.
        await _client.CreateIntentAsync();
        Assert.Single(await IntentsAsync(_client));
    }

    [Fact]
    public async Task A_refund_whose_response_is_lost_after_commit_is_stored_once_and_the_retry_with_its_key_returns_it()
    {
        var intent = await _client.CapturedIntentAsync(amount: 2000);
        await AddRuleAsync("""{"method":"POST","path":"/payment-intents/*/refunds","action":"DropAfterCommit","count":1}""");

        AssertNoAnswer(await Assert.ThrowsAsync<OperationCanceledException>(() => _client.RefundAsync(intent, 500, "till-refund-1")));
        Assert.Equal(500, (long)(await _client.GetIntentAsync(intent))["refundedAmount"]!);   // stored, though no answer came
        var retried = await (await _client.RefundAsync(intent, 500, "till-refund-1")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(500, (long)(await _client.GetIntentAsync(intent))["refundedAmount"]!);   // the retry made no second refund
        Assert.Equal(intent, (string)(await (await _client.GetAsync($"/payment-intents/refunds/{retried["refundId"]}")).ReadJsonAsync(HttpStatusCode.OK))["paymentIntentId"]!);
    }

    [Fact]
    public async Task A_session_whose_create_response_is_lost_exists_once_and_polling_the_intent_finds_it()
    {
        var intent = (string)(await _client.CreateIntentAsync())["id"]!;
        await AddRuleAsync("""{"method":"POST","path":"/terminal-sessions","action":"DropAfterCommit","count":1}""");

        var terminal = await _client.TerminalIdAsync("APP1");
        AssertNoAnswer(await Assert.ThrowsAsync<OperationCanceledException>(() => _client.PostSessionAsync(terminal, SessionHttp.SaleDetails(intent))));

        var history = (await _client.GetIntentAsync(intent))["terminalSessionHistory"]!.AsArray();
        var sessionId = (string)Assert.Single(history)!["terminalSession"]!["id"]!;
        Assert.Equal("Captured", (string)(await _client.PollAsync(sessionId))[^1]["status"]!);
        Assert.Equal("Captured", (string)(await _client.GetIntentAsync(intent))["status"]!);
    }

    [Fact]
    public async Task A_response_held_past_the_tills_timeout_was_still_committed()
    {
        // The hold is far past the till's timeout; the till giving up ends the hold (and the request) at once.
        await AddRuleAsync("""{"method":"POST","path":"/payment-intents","action":"TimeoutAfterCommit","hold":"00:01:00","count":1}""");
        var impatient = RawClient(_app);
        impatient.Timeout = TimeSpan.FromSeconds(10);

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.PostAsync("/payment-intents", Json("""{"amount":{"value":700,"currencyCode":"GBP"},"reference":"Held"}""")));

        Assert.Equal("Held", (string)Assert.Single(await IntentsAsync(_client))!["reference"]!);
    }

    [Fact]
    public async Task A_delay_adds_its_latency_and_the_call_then_succeeds()
    {
        await AddRuleAsync("""{"method":"GET","path":"/terminals","action":"Delay","delay":"00:00:00.400","count":1}""");

        var started = System.Diagnostics.Stopwatch.StartNew();
        var terminals = await _client.GetAsync("/terminals");

        Assert.Equal(HttpStatusCode.OK, terminals.StatusCode);
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(400), $"answered after {started.Elapsed}");
    }

    [Fact]
    public async Task A_rule_applies_to_its_count_of_calls_only_to_its_account_and_stops_when_it_expires()
    {
        await AddRuleAsync("""{"path":"/payment-intents/*","action":"Status","status":500,"count":2}""");
        await AddRuleAsync("""{"method":"GET","path":"/terminals","action":"Status","status":429,"expiresIn":"00:00:30"}""");
        var raw = RawClient(_app);
        var other = RawClient(_app, PayAtCounterApp.OtherKey);
        var intent = (string)(await _client.CreateIntentAsync())["id"]!;
        var theirs = (string)(await _app.CreateDojoClient(PayAtCounterApp.OtherKey).CreateIntentAsync())["id"]!;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await raw.GetAsync($"/payment-intents/{intent}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/payment-intents/{theirs}")).StatusCode);
        }
        var limited = await raw.GetAsync("/terminals");
        _wall.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("1", limited.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, (await raw.GetAsync("/terminals")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/terminals")).StatusCode);
        var rules = JsonNode.Parse(await _client.GetStringAsync("/sandbox/faults"))!.AsArray();
        Assert.Equal([(0, false), (null, false)], rules.Select(r => ((int?)r!["remaining"], (bool)r["active"]!)));
    }

    [Fact]
    public async Task A_bad_rule_is_refused_with_every_error_listed_and_a_removed_rule_stops_at_once()
    {
        var bad = await (await _client.PostJsonAsync("/sandbox/faults", """{"method":"FETCH","path":"/sandbox/reset","action":"Status","status":404,"count":0,"probability":2,"expiresIn":"forever"}"""))
            .ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["Count", "ExpiresIn", "Method", "Path", "Probability", "Status"], bad["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Empty(JsonNode.Parse(await _client.GetStringAsync("/sandbox/faults"))!.AsArray());

        var rule = await AddRuleAsync("""{"path":"/terminals","action":"Status","status":502}""");
        Assert.Equal(HttpStatusCode.BadGateway, (await RawClient(_app).GetAsync("/terminals")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/sandbox/faults/{rule["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RawClient(_app).GetAsync("/terminals")).StatusCode);
        await (await _client.DeleteAsync($"/sandbox/faults/{rule["id"]}")).ReadJsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task With_a_seed_a_rule_with_a_probability_faults_the_same_calls_in_every_run()
    {
        var runs = new List<string>();
        for (var run = 0; run < 2; run++)
        {
            using var seeded = new PayAtCounterApp(settings: new Dictionary<string, string?> { ["Sandbox:Seed"] = "7" });
            await (await seeded.CreateDojoClient().PostJsonAsync("/sandbox/faults", """{"path":"/terminals","action":"Status","status":503,"probability":0.5}""")).ReadJsonAsync(HttpStatusCode.Created);
            var raw = RawClient(seeded);
            var pattern = "";
            for (var i = 0; i < 16; i++)
            {
                pattern += (await raw.GetAsync("/terminals")).StatusCode == HttpStatusCode.OK ? "." : "x";
            }
            runs.Add(pattern);
        }

        Assert.Equal(runs[0], runs[1]);
        Assert.Contains("x", runs[0]);
        Assert.Contains(".", runs[0]);
    }

    // In-process, a connection the server closed without answering shows as the request aborted by the application
    // (over a socket it is a reset connection): not a status, not a timeout.
    private static void AssertNoAnswer(OperationCanceledException lost) => Assert.Contains("aborted the request", lost.Message);

    private async Task<JsonObject> AddRuleAsync(string json)
        => await (await _client.PostJsonAsync("/sandbox/faults", json)).ReadJsonAsync(HttpStatusCode.Created);

    private static async Task<JsonArray> IntentsAsync(HttpClient client)
        => JsonNode.Parse(await (await client.PostJsonAsync("/payment-intents/search", "{}")).Content.ReadAsStringAsync())!["data"]!.AsArray();

    // Dojo's headers without the schema check: a till's view of an answer the schema does not declare.
    internal static HttpClient RawClient(PayAtCounterApp app, string apiKey = PayAtCounterApp.SandboxKey)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic " + apiKey);
        client.DefaultRequestHeaders.Add("version", "2025-09-10");
        client.DefaultRequestHeaders.Add("software-house-id", "softwareHouse1");
        client.DefaultRequestHeaders.Add("reseller-id", "reseller1");
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
