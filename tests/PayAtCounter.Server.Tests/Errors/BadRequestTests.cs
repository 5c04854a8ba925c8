using System.Net;
using System.Text;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Errors;

/// <summary>Contract §7.12 rule 67 and §1.4: bad input is a 400 in the endpoint's shape, never a 500.</summary>
public sealed class BadRequestTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public BadRequestTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("""{"amount":""", "Amount")]
    [InlineData("""not json""", "Body")]
    [InlineData("""{"amount":{"value":"1000","currencyCode":"GBP"},"reference":"r"}""", "Amount.Value")]
    [InlineData("""{"amount":{"value":10.5,"currencyCode":"GBP"},"reference":"r"}""", "Amount.Value")]
    [InlineData("""{"amount":{"value":1000,"currencyCode":"GBP"},"reference":"r","captureMode":"Sometimes"}""", "CaptureMode")]
    [InlineData("""{"amount":{"value":1000,"currencyCode":"GBP"},"reference":"r","captureMode":1}""", "CaptureMode")]
    [InlineData("""{"amount":{"value":1000,"currencyCode":"GBP"},"reference":42}""", "Reference")]
    [InlineData("""{"amount":[],"reference":"r"}""", "Amount")]
    public async Task Rule67_malformed_json_wrong_types_and_unknown_enum_values_are_400_with_field_errors(string json, string field)
    {
        var problem = await (await _client.PostJsonAsync("/payment-intents", json)).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal(400, (int)problem["status"]!);
        Assert.NotEmpty(problem.FieldErrors(field == "Body" ? "body" : field));
    }

    [Fact]
    public async Task A_json_syntax_error_says_where_the_parser_stopped()
    {
        var problem = await (await _client.PostJsonAsync("/payment-intents", "{\n  \"reference\": \"r\",\n  \"amount\": {\"value\": 10 \"currencyCode\": \"GBP\"}\n}")).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains("(line 3, position", (string)problem["detail"]!);
    }

    [Theory]
    [InlineData(""","amount":{"value":10000000000000,"currencyCode":"GBP"}""", "Amount.Value")]
    [InlineData(""","amount":{"value":1,"currencyCode":"GBP"},"tipsAmount":{"value":9223372036854775807,"currencyCode":"GBP"}""", "TipsAmount.Value")]
    [InlineData(""","amount":{"value":1,"currencyCode":"GBP"},"itemLines":[{"amountTotal":{"value":9223372036854775807,"currencyCode":"GBP"}}]""", "ItemLines[0].AmountTotal.Value")]
    [InlineData(""","amount":{"value":1,"currencyCode":"GBP"},"itemLines":[{"amountTotal":{"value":1,"currencyCode":"GBP"},"modifiers":[{"id":"m","name":"n","quantity":1,"amountPerModifier":{"value":-100,"currencyCode":null}}]}]""", "ItemLines[0].Modifiers[0].AmountPerModifier.CurrencyCode")]
    [InlineData(""","amount":{"value":1,"currencyCode":"GBP"},"itemLines":[{"amountTotal":{"value":1,"currencyCode":"GBP"},"modifiers":[{"id":"m","name":"n","quantity":2147483647,"amountPerModifier":{"value":-9223372036854775807,"currencyCode":"GBP"}}]}]""", "ItemLines[0].Modifiers[0].Quantity")]
    public async Task Amounts_too_large_to_add_up_and_null_currencies_are_400_not_500(string extra, string field)
    {
        var problem = await (await _client.PostJsonAsync("/payment-intents", "{\"reference\":\"r\"" + extra + "}")).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors(field));
    }

    [Fact]
    public async Task An_amount_without_its_value_is_400_naming_the_value()
    {
        var id = (string)(await _client.CreateIntentAsync())["id"]!;
        await (await _client.PostJsonAsync($"/payment-intents/{id}/tips-amount", """{"tipsAmount":{"value":150,"currencyCode":"GBP"}}""")).ReadJsonAsync(HttpStatusCode.OK);

        var problem = await (await _client.PostJsonAsync($"/payment-intents/{id}/tips-amount", """{"tipsAmount":{"currencyCode":"GBP"}}""")).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("TipsAmount.Value"));
        var unchanged = await (await _client.GetAsync($"/payment-intents/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(150, (long)unchanged["tipsAmount"]!["value"]!);
    }

    [Theory]
    [InlineData(new byte[] { 0xff })] // a stray byte
    [InlineData(new byte[] { 0xc0, 0xaf })] // an overlong "/"
    [InlineData(new byte[] { 0xed, 0xa0, 0x80 })] // an encoded surrogate
    [InlineData(new byte[] { 0xe2, 0x82 })] // a cut character
    public async Task A_body_that_is_not_utf8_is_400_even_in_a_property_the_server_ignores(byte[] bad)
    {
        // An unknown property is skipped by the JSON reader without decoding it: the check must not depend on that.
        byte[] body = [.. """{"amount":{"value":1000,"currencyCode":"GBP"},"reference":"r","unknownNote":"a"""u8, .. bad, .. "\"}"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");

        var problem = await (await _client.PostAsync("/payment-intents", content)).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains("UTF-8", (string)problem["detail"]!);
        Assert.NotEmpty(problem.FieldErrors("body"));
    }

    [Fact]
    public async Task A_clock_advance_beyond_ten_years_is_400()
    {
        var problem = await (await _client.PostJsonAsync("/sandbox/clock/advance", """{"duration":"10000000.00:00:00"}""")).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("Duration"));
    }

    [Fact]
    public async Task Enum_values_are_matched_case_insensitively()
    {
        var intent = await (await _client.PostJsonAsync("/payment-intents", """{"amount":{"value":1000,"currencyCode":"gbp"},"reference":"r","captureMode":"AUTO"}"""))
            .ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Auto", (string)intent["captureMode"]!);
        Assert.Equal("GBP", (string)intent["amount"]!["currencyCode"]!);
    }

    [Fact]
    public async Task An_empty_body_is_400()
    {
        var problem = await (await _client.PostAsync("/payment-intents", new StringContent("", Encoding.UTF8, "application/json"))).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("body"));
    }

    [Fact]
    public async Task A_body_that_is_not_json_content_is_400()
    {
        var problem = await (await _client.PostAsync("/payment-intents", new StringContent("amount=1", Encoding.UTF8, "text/plain"))).ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("body"));
    }

    [Fact]
    public async Task An_oversized_body_is_400()
    {
        var description = new string('d', 2 * 1024 * 1024);
        var problem = await (await _client.PostJsonAsync("/payment-intents", $$"""{"amount":{"value":1,"currencyCode":"GBP"},"reference":"r","description":"{{description}}"}"""))
            .ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("body"));
    }

    [Fact]
    public async Task Unknown_properties_are_ignored_as_contract_A29_says()
    {
        var intent = await (await _client.PostJsonAsync("/payment-intents", """{"amount":{"value":1000,"currencyCode":"GBP"},"reference":"r","shippingAddress":{"x":1},"autoExpireAt":"2030-01-01T00:00:00Z"}"""))
            .ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Created", (string)intent["status"]!);
    }

    [Fact]
    public async Task Unknown_routes_and_methods_get_problem_details()
    {
        var missing = await (await _client.GetAsync("/payment-intents/pi_1/nothing-here")).ReadJsonAsync(HttpStatusCode.NotFound);
        var wrongMethod = await (await _client.PutAsync("/payment-intents/pi_1", new StringContent("{}"))).ReadJsonAsync(HttpStatusCode.MethodNotAllowed);

        Assert.Equal(404, (int)missing["status"]!);
        Assert.Equal(405, (int)wrongMethod["status"]!);
    }
}
