using System.Net;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Access;

/// <summary>
/// Per-key rate limits: off by default, per route group when on, 429 with Retry-After in the path's error shape. Dojo's
/// documents declare no 429, so the refused calls go through a client that does not validate against them, and their
/// bodies are checked against the path's error schema here.
/// </summary>
public sealed class RateLimitTests
{
    private static PayAtCounterApp Limited() => new(settings: new Dictionary<string, string?>
    {
        ["RateLimits:Enabled"] = "true",
        ["RateLimits:Groups:payment-intents:PermitLimit"] = "3",
        ["RateLimits:Groups:payment-intents:Window"] = "00:01:00",
        ["RateLimits:Groups:terminals:PermitLimit"] = "1",
        ["RateLimits:Groups:terminals:Window"] = "00:01:00",
    });

    [Fact]
    public async Task Without_settings_nothing_is_limited()
    {
        using var app = new PayAtCounterApp();
        var client = app.CreateDojoClient();

        for (var i = 0; i < 150; i++)
        {
            using var response = await client.GetAsync("/terminals");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Over_its_groups_limit_a_key_gets_429_with_retry_after_in_the_paths_error_shape()
    {
        using var app = Limited();
        var client = app.CreateDojoClient();
        var raw = Scenarios.FaultTests.RawClient(app);
        for (var i = 0; i < 3; i++)
        {
            await client.CreateIntentAsync();
        }

        using var refused = await raw.PostJsonAsync("/payment-intents", """{"amount":{"value":100,"currencyCode":"GBP"},"reference":"over"}""");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        await AssertShapeAsync(refused, "ProblemDetails");
        var retryAfter = refused.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

        // The terminals group has its own window, and its own error shape (Error, with "code").
        using (var first = await client.GetAsync("/terminals"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        using var terminals = await raw.GetAsync("/terminals");
        Assert.Equal(HttpStatusCode.TooManyRequests, terminals.StatusCode);
        await AssertShapeAsync(terminals, "Error");
    }

    [Fact]
    public async Task Each_key_has_its_own_window_and_a_refused_request_stores_nothing()
    {
        using var app = Limited();
        var client = app.CreateDojoClient();
        for (var i = 0; i < 3; i++)
        {
            await client.CreateIntentAsync();
        }
        using var refused = await Scenarios.FaultTests.RawClient(app).PostJsonAsync("/payment-intents", """{"amount":{"value":100,"currencyCode":"GBP"},"reference":"not stored"}""");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        var other = app.CreateDojoClient(PayAtCounterApp.OtherKey);
        await other.CreateIntentAsync();
        // The sandbox group has no rule of its own: the default (100 a second) applies, far from reached.
        using var clock = await client.GetAsync("/sandbox/clock");
        Assert.Equal(HttpStatusCode.OK, clock.StatusCode);
        using var search = await other.PostJsonAsync("/payment-intents/search", "{}");
        Assert.DoesNotContain("not stored", await search.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task AssertShapeAsync(HttpResponseMessage response, string schema)
    {
        var body = await response.Content.ReadAsStringAsync();
        var errors = new NJsonSchema.Validation.JsonSchemaValidator().Validate(body, (await DojoSpec.GetAsync()).Schema(schema), NJsonSchema.SchemaType.OpenApi3);
        Assert.True(errors.Count == 0, $"{body} is not a {schema}: {string.Join("; ", errors)}");
        Assert.Contains("\"status\":429", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--RateLimits:Groups:payments:PermitLimit=3", "RateLimits:Groups:payments is not a route group")]
    [InlineData("--RateLimits:Default:PermitLimit=0", "RateLimits Default: PermitLimit must be at least 1")]
    public async Task A_bad_rule_stops_the_start_with_one_clear_line(string rule, string expected)
    {
        using var data = new TempDataDirectory();
        var error = await Hosting.StartupTests.FailedStartAsync("--Storage:DataDirectory=" + data.Path, "--RateLimits:Enabled=true", rule);

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
