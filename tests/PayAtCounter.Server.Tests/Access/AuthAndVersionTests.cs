using System.Net;
using System.Text;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Access;

/// <summary>Contract §7.1 rules 1–5 and go-live rows CFG-02 and CFG-04.</summary>
public sealed class AuthAndVersionTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Rule01_and_CFG02_a_key_with_one_extra_character_is_401()
    {
        var client = _app.CreateDojoClient(PayAtCounterApp.SandboxKey + "x");

        var problem = await (await client.GetAsync("/payment-intents/pi_1")).ReadJsonAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(401, (int)problem["status"]!);
        Assert.Equal("https://tools.ietf.org/html/rfc7235#section-3.1", (string)problem["type"]!);
    }

    [Fact]
    public async Task Rule01_a_missing_authorization_header_is_401()
    {
        var client = _app.CreateDojoClient(apiKey: null);

        await (await client.PostJsonAsync("/payment-intents", """{"amount":{"value":1,"currencyCode":"GBP"},"reference":"r"}""")).ReadJsonAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Rule02_base64_of_key_colon_is_not_accepted()
    {
        var client = _app.CreateDojoClient(Convert.ToBase64String(Encoding.UTF8.GetBytes(PayAtCounterApp.SandboxKey + ":")));

        await (await client.GetAsync("/payment-intents/pi_1")).ReadJsonAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Rule01_a_second_authorization_header_makes_the_key_invalid()
    {
        var client = _app.CreateDojoClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic " + PayAtCounterApp.SandboxKey);

        await (await client.GetAsync("/payment-intents/pi_1")).ReadJsonAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("basic ")]
    [InlineData("BASIC  ")]
    [InlineData("Basic \t")]
    public async Task Rule01_the_scheme_name_is_case_insensitive_and_the_key_is_trimmed(string prefix)
    {
        // Sent below HttpClient, which would tidy the header's spacing before the server saw it.
        var context = await _app.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/terminals";
            c.Request.Headers.Authorization = prefix + PayAtCounterApp.SandboxKey + " \t";
            c.Request.Headers["version"] = "2025-09-10";
            c.Request.Headers["software-house-id"] = "softwareHouse1";
        });
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Empty((await DojoSpec.GetAsync()).Validate("GET", "/terminals", 200, body) ?? []);
    }

    [Fact]
    public async Task A_request_without_a_body_is_served_whatever_content_type_it_declares()
    {
        // The generated handlers once marked bodiless endpoints as taking JSON, so routing refused these (415).
        var client = _app.CreateDojoClient();
        var id = (string)(await client.CreateIntentAsync())["id"]!;
        using var get = new HttpRequestMessage(HttpMethod.Get, $"/payment-intents/{id}") { Content = new StringContent("", Encoding.UTF8, "text/plain") };

        await (await client.SendAsync(get)).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Rule03_the_key_prefix_selects_the_environment_of_ids()
    {
        var sandbox = await _app.CreateDojoClient(PayAtCounterApp.SandboxKey).CreateIntentAsync();
        var production = await _app.CreateDojoClient(PayAtCounterApp.ProductionKey).CreateIntentAsync();

        Assert.StartsWith("pi_sandbox_", (string)sandbox["id"]!);
        Assert.StartsWith("pi_", (string)production["id"]!);
        Assert.DoesNotContain("sandbox", (string)production["id"]!);
    }

    [Fact]
    public async Task One_account_never_sees_another_accounts_data()
    {
        var mine = _app.CreateDojoClient(PayAtCounterApp.SandboxKey);
        var theirs = _app.CreateDojoClient(PayAtCounterApp.OtherKey);
        var id = await mine.CapturedIntentAsync();
        var refund = await (await mine.PostJsonAsync($"/payment-intents/{id}/refunds", """{"amount":100}""")).ReadJsonAsync(HttpStatusCode.OK);

        await (await theirs.GetAsync($"/payment-intents/{id}")).ReadJsonAsync(HttpStatusCode.NotFound);
        await (await theirs.DeleteAsync($"/payment-intents/{id}")).ReadJsonAsync(HttpStatusCode.NotFound);
        await (await theirs.PostJsonAsync($"/payment-intents/{id}/refunds", """{"amount":100}""")).ReadJsonAsync(HttpStatusCode.NotFound);
        await (await theirs.GetAsync($"/payment-intents/refunds/{refund["refundId"]}")).ReadJsonAsync(HttpStatusCode.NotFound);
        var page = await (await theirs.PostJsonAsync("/payment-intents/search", "{}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Empty(page["data"]!.AsArray());
        Assert.Equal(100, (long)(await mine.GetIntentAsync(id))["refundedAmount"]!);
    }

    [Theory]
    [InlineData("2024-02-05")]
    [InlineData("2025-09-10")]
    [InlineData("2026-02-27")]
    public async Task Rule05_and_CFG04_each_documented_version_is_served(string version)
    {
        var client = _app.CreateDojoClient(version: version);

        var intent = await client.CreateIntentAsync();

        Assert.Equal("Created", (string)intent["status"]!);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("latest")]
    [InlineData("2025-13-01")]
    public async Task Rule05_a_missing_or_malformed_version_is_400(string? version)
    {
        var client = _app.CreateDojoClient(version: version);

        var problem = await (await client.GetAsync("/payment-intents/pi_1")).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("version"));
    }

    [Fact]
    public async Task Rule01_authentication_is_checked_before_the_version_header()
    {
        var client = _app.CreateDojoClient(apiKey: "sk_sandbox_wrong", version: null);

        await (await client.GetAsync("/payment-intents/pi_1")).ReadJsonAsync(HttpStatusCode.Unauthorized);
    }
}
