using System.Net;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.TerminalSessions;

/// <summary>Contract §7.6 rules 36–40, A16, A38 and error rows ERR-01/ERR-03: creating sessions.</summary>
public sealed class SessionCreationTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public SessionCreationTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("""{"details":{"sale":{"paymentIntentId":"pi_1"},"sessionType":"Sale"}}""", "TerminalId")]
    [InlineData("""{"terminalId":"tm_1"}""", "Details")]
    [InlineData("""{"terminalId":"tm_1","details":{"sale":{"paymentIntentId":"pi_1"}}}""", "Details.SessionType")]
    [InlineData("""{"terminalId":"tm_1","details":{"sale":{"paymentIntentId":"pi_1"},"sessionType":"MatchedRefund"}}""", "Details")]
    [InlineData("""{"terminalId":"tm_1","details":{"sale":{"paymentIntentId":"pi_1"},"unlinkedRefund":{"amount":{"value":1,"currencyCode":"GBP"}},"sessionType":"Sale"}}""", "Details")]
    [InlineData("""{"terminalId":"tm_1","details":{"sale":{},"sessionType":"Sale"}}""", "Details.Sale.PaymentIntentId")]
    [InlineData("""{"terminalId":"tm_1","details":{"unlinkedRefund":{},"sessionType":"UnlinkedRefund"}}""", "Details.UnlinkedRefund.Amount")]
    [InlineData("""{"terminalId":"tm_1","details":{"unlinkedRefund":{"amount":{"value":0,"currencyCode":"GBP"}},"sessionType":"UnlinkedRefund"}}""", "Details.UnlinkedRefund.Amount.Value")]
    [InlineData("""{"terminalId":"tm_1","details":{"matchedRefund":{},"sessionType":"MatchedRefund"}}""", "Details.MatchedRefund.PaymentIntentId")]
    [InlineData("""{"terminalId":"tm_1","details":{"sessionType":"Refund"}}""", "Details.SessionType")]
    public async Task Rule36_and_Rule37_and_ERR01_malformed_session_requests_are_400_with_all_six_keys(string json, string field)
    {
        var problem = await (await _client.PostJsonAsync("/terminal-sessions", json)).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors(field));
        Assert.Equal(6, problem.Count);
    }

    [Fact]
    public async Task Rule35_and_ERR03_offline_or_unknown_terminal_is_404()
    {
        var intentId = (string)(await _client.CreateIntentAsync())["id"]!;

        var offline = await (await _client.PostSessionAsync(await _client.TerminalIdAsync("OFF1"), SessionHttp.SaleDetails(intentId))).ReadJsonAsync(HttpStatusCode.NotFound);
        var unknown = await (await _client.PostSessionAsync("tm_sandbox_000000000000000000000000", SessionHttp.SaleDetails(intentId))).ReadJsonAsync(HttpStatusCode.NotFound);

        Assert.Equal("Terminal unavailable", (string)offline["title"]!);
        Assert.Contains("offline", (string)offline["detail"]!);
        Assert.Equal("Not Found", (string)unknown["title"]!);
    }

    [Fact]
    public async Task Rule39_a_sale_needs_an_existing_created_intent()
    {
        var terminalId = await _client.TerminalIdAsync("APP1");
        var captured = await _client.CapturedIntentAsync();

        await (await _client.PostSessionAsync(terminalId, SessionHttp.SaleDetails("pi_sandbox_missing"))).ReadJsonAsync(HttpStatusCode.NotFound);
        var problem = await (await _client.PostSessionAsync(terminalId, SessionHttp.SaleDetails(captured))).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains("The status Captured does not allow this change", (string)problem["detail"]!);
        Assert.Equal("Available", (string)(await (await _client.GetAsync($"/terminals/{terminalId}")).ReadJsonAsync(HttpStatusCode.OK))["status"]!);
    }

    [Fact]
    public async Task ContractA38_one_live_session_per_intent_and_the_intent_is_locked_meanwhile()
    {
        var intentId = (string)(await _client.CreateIntentAsync())["id"]!;
        var sessionId = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intentId))["id"]!;

        var second = await (await _client.PostSessionAsync(await _client.TerminalIdAsync("SIP0"), SessionHttp.SaleDetails(intentId))).ReadJsonAsync(HttpStatusCode.BadRequest);
        var amount = await (await _client.PostJsonAsync($"/payment-intents/{intentId}/amount", """{"amount":{"value":5,"currencyCode":"GBP"}}""")).ReadJsonAsync(HttpStatusCode.BadRequest);
        await (await _client.DeleteAsync($"/payment-intents/{intentId}")).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains(sessionId, (string)second["detail"]!);
        Assert.Contains("in progress", (string)amount["detail"]!);
        await _client.PollAsync(sessionId);
        Assert.Equal("Captured", (string)(await _client.GetIntentAsync(intentId))["status"]!);
    }

    [Fact]
    public async Task Rule40_a_terminal_takes_many_sessions_one_after_another()
    {
        var terminalId = await _client.TerminalIdAsync("APP1");

        for (var i = 0; i < 3; i++)
        {
            var intentId = (string)(await _client.CreateIntentAsync(100 + i))["id"]!;
            var final = (await _client.PollAsync((string)(await _client.StartSaleAsync(terminalId, intentId))["id"]!))[^1];
            Assert.Equal("Captured", (string)final["status"]!);
        }
    }

    [Fact]
    public async Task Matched_refund_needs_a_captured_intent_and_at_most_the_remaining_amount()
    {
        var terminalId = await _client.TerminalIdAsync("APP1");
        var created = (string)(await _client.CreateIntentAsync())["id"]!;
        var captured = await _client.CapturedIntentAsync(1000);

        await (await _client.PostSessionAsync(terminalId, SessionHttp.MatchedRefundDetails(created))).ReadJsonAsync(HttpStatusCode.BadRequest);
        var tooMuch = await (await _client.PostSessionAsync(terminalId, SessionHttp.MatchedRefundDetails(captured, 1001))).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(tooMuch.FieldErrors("Details.MatchedRefund.Amount.Value"));
    }

    [Fact]
    public async Task Unknown_session_is_404_and_signature_outside_the_signature_step_is_422()
    {
        var intentId = (string)(await _client.CreateIntentAsync())["id"]!;
        var sessionId = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intentId))["id"]!;

        await (await _client.GetAsync("/terminal-sessions/ts_sandbox_nope")).ReadJsonAsync(HttpStatusCode.NotFound);
        await (await _client.CancelSessionAsync("ts_sandbox_nope")).ReadJsonAsync(HttpStatusCode.NotFound);
        await (await _client.SignAsync(sessionId, true)).ReadJsonAsync((HttpStatusCode)422);
        var missing = await (await _client.PutAsync($"/terminal-sessions/{sessionId}/signature", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(missing.FieldErrors("Accepted"));
    }

    [Fact]
    public async Task Cancel_twice_or_after_the_end_is_422()
    {
        var intentId = (string)(await _client.CreateIntentAsync())["id"]!;
        var sessionId = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intentId))["id"]!;
        await (await _client.CancelSessionAsync(sessionId)).ReadJsonAsync(HttpStatusCode.OK);

        await (await _client.CancelSessionAsync(sessionId)).ReadJsonAsync((HttpStatusCode)422);
        await _client.PollAsync(sessionId);
        await (await _client.CancelSessionAsync(sessionId)).ReadJsonAsync((HttpStatusCode)422);
    }

    [Fact]
    public async Task Sessions_of_another_account_are_invisible()
    {
        var intentId = (string)(await _client.CreateIntentAsync())["id"]!;
        var sessionId = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intentId))["id"]!;
        var other = _app.CreateDojoClient(PayAtCounterApp.OtherKey);

        await (await other.GetAsync($"/terminal-sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.NotFound);
        await (await other.CancelSessionAsync(sessionId)).ReadJsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Rule05_a_2024_caller_gets_the_2024_session_shape_and_a_2025_caller_the_fields_added_since()
    {
        // An address makes the payment carry an AVS result, a field added in 2025-09-10. Each client's responses
        // are validated against the document of the version it sends, so a 2024 body with the field would fail.
        var old = _app.CreateDojoClient(version: "2024-02-05");
        var intentId = (string)(await old.CreateIntentAsync(extraJson: ""","billingAddress":{"postcode":"W2 1DG","countryCode":"GB"}"""))["id"]!;
        var sessionId = (string)(await old.StartSaleAsync(await old.TerminalIdAsync("APP1"), intentId))["id"]!;

        var final2024 = (await old.PollAsync(sessionId))[^1];
        var final2025 = await _client.GetSessionAsync(sessionId);

        Assert.Equal("Captured", (string)final2024["status"]!);
        Assert.Null(final2024["paymentDetails"]!["avsResult"]);
        Assert.Equal("ADDRESS_MATCH_POSTCODE_MATCH", (string)final2025["paymentDetails"]!["avsResult"]!);
    }
}
