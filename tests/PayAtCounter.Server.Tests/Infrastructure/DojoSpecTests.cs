namespace PayAtCounter.Server.Tests.Infrastructure;

/// <summary>The schema check every test relies on must itself catch bad bodies.</summary>
public sealed class DojoSpecTests
{
    [Theory]
    [InlineData("""{"id":"pi_1","status":"Bogus"}""")]
    [InlineData("""{"id":"pi_1","status":"Created","notAField":1}""")]
    [InlineData("""{"id":"pi_1","status":"Created","amount":{"value":"10","currencyCode":"GBP"}}""")]
    [InlineData("""{"id":"pi_1","status":"Created","amount":{"value":10}}""")]
    public async Task Payment_intent_bodies_that_break_the_schema_are_reported(string body)
    {
        var spec = await DojoSpec.GetAsync();

        Assert.NotEmpty(spec.Validate("GET", "/payment-intents/pi_1", 200, body)!);
    }

    [Fact]
    public async Task Documented_extras_are_allowed_and_undeclared_statuses_are_reported()
    {
        var spec = await DojoSpec.GetAsync();

        Assert.Empty(spec.Validate("GET", "/payment-intents/pi_1", 200, """{"id":"pi_1","status":"Created","paymentEvents":[],"paymentSource":"api","config":{"branding":{},"tradingName":"T"}}""")!);
        Assert.NotEmpty(spec.Validate("GET", "/payment-intents/pi_1", 418, "{}")!);
        Assert.NotEmpty(spec.Validate("GET", "/payment-intents/pi_1", 200, """{"paymentEvents":[{"eventType":"Nope"}]}""")!);
    }

    [Fact]
    public async Task Terminal_session_errors_need_all_six_keys()
    {
        var spec = await DojoSpec.GetAsync();

        Assert.NotEmpty(spec.Validate("GET", "/terminal-sessions/ts_1", 404, """{"title":"Not Found","status":404}""")!);
        Assert.Empty(spec.Validate("GET", "/terminal-sessions/ts_1", 404, """{"type":null,"title":"Not Found","status":404,"detail":null,"traceId":"t","errors":{}}""")!);
    }

    [Fact]
    public async Task Paths_outside_the_dojo_api_are_not_judged()
    {
        var spec = await DojoSpec.GetAsync();

        Assert.Null(spec.Validate("POST", "/sandbox/clock/advance", 200, "{}"));
    }
}
