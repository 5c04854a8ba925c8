using System.Net;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.PaymentIntents;

/// <summary>Contract §7.2, rules 6–12, 19–20: creating payment intents.</summary>
public sealed class CreatePaymentIntentTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public CreatePaymentIntentTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Rule06_and_PI01_auto_intent_is_created_with_capture_mode_auto()
    {
        var response = await _client.PostJsonAsync("/payment-intents",
            """{"amount":{"value":1000,"currencyCode":"GBP"},"reference":"Order 234","description":"Demo payment intent","captureMode":"Auto"}""");

        var intent = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Created", (string)intent["status"]!);
        Assert.Equal("Auto", (string)intent["captureMode"]!);
        Assert.StartsWith("pi_sandbox_", (string)intent["id"]!);
    }

    [Fact]
    public async Task Rule07_and_PI02_manual_intent_keeps_capture_mode_and_pascal_case_keys_bind()
    {
        // The spec's own Manual example sends PascalCase keys.
        var intent = await (await _client.PostJsonAsync("/payment-intents",
            """{"amount":{"value":1000,"currencyCode":"GBP"},"reference":"Order 234","description":"Demo payment intent","captureMode":"Manual","AutoExpireAction":"Capture","AutoExpireIn":"00:00:55"}"""))
            .ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Manual", (string)intent["captureMode"]!);
        Assert.Equal("Capture", (string)intent["autoExpireAction"]!);
        Assert.Equal("00:00:55", (string)intent["autoExpireIn"]!);
    }

    [Fact]
    public async Task Rule07_omitted_capture_mode_is_auto()
    {
        var intent = await (await _client.PostJsonAsync("/payment-intents", """{"amount":{"value":500,"currencyCode":"EUR"},"reference":"r"}"""))
            .ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Auto", (string)intent["captureMode"]!);
        Assert.Equal("EUR", (string)intent["amount"]!["currencyCode"]!);
    }

    [Fact]
    public async Task Rule08_create_response_has_the_fields_of_the_guides()
    {
        var intent = await _client.CreateIntentAsync(1000);

        Assert.Equal(["Card"], intent["paymentMethods"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(1000, (long)intent["amount"]!["value"]!);
        Assert.Equal(1000, (long)intent["totalAmount"]!["value"]!);
        Assert.Equal(0, (long)intent["refundedAmount"]!);
        Assert.Equal((string)intent["createdAt"]!, (string)intent["updatedAt"]!);
        Assert.Equal("Order 234", (string)intent["reference"]!);
        Assert.Equal("Demo payment intent", (string)intent["description"]!);
        Assert.Equal($"https://pay.dojo.tech/checkout/{intent["id"]}", (string)intent["paymentLink"]!);
        Assert.Empty(intent["paymentEvents"]!.AsArray());
        Assert.Empty(intent["terminalSessionHistory"]!.AsArray());
        Assert.Equal("api", (string)intent["paymentSource"]!);
        var created = DateTimeOffset.Parse((string)intent["createdAt"]!);
        Assert.Equal(created.AddDays(30), DateTimeOffset.Parse((string)intent["expireAt"]!));
    }

    [Fact]
    public async Task Rule09_missing_reference_is_400_with_the_aspnet_message()
    {
        var problem = await (await _client.PostJsonAsync("/payment-intents", """{"amount":{"value":1000,"currencyCode":"GBP"}}"""))
            .ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["The Reference field is required."], problem.FieldErrors("Reference"));
        Assert.Equal("One or more validation errors occurred.", (string)problem["title"]!);
    }

    [Fact]
    public async Task Rule09_reference_longer_than_60_characters_is_400()
    {
        var reference = new string('x', 61);
        var problem = await (await _client.PostJsonAsync("/payment-intents", $$"""{"amount":{"value":1000,"currencyCode":"GBP"},"reference":"{{reference}}"}"""))
            .ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("Reference"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task Rule10_zero_or_negative_amount_is_400_amount_must_be_higher_than_0(long value)
    {
        var problem = await (await _client.PostJsonAsync("/payment-intents", $$"""{"amount":{"value":{{value}},"currencyCode":"GBP"},"reference":"r"}"""))
            .ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["amount must be higher than 0"], problem.FieldErrors("Amount.Value"));
    }

    [Fact]
    public async Task Unsupported_currency_is_400()
    {
        var problem = await (await _client.PostJsonAsync("/payment-intents", """{"amount":{"value":100,"currencyCode":"USD"},"reference":"r"}"""))
            .ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("Amount.CurrencyCode"));
    }

    [Theory]
    [InlineData("00:00:30")]
    [InlineData("7.00:00:00")]
    [InlineData("soon")]
    public async Task Rule12_auto_expire_in_outside_30_seconds_to_7_days_is_400(string interval)
    {
        var problem = await (await _client.PostJsonAsync("/payment-intents",
            $$"""{"amount":{"value":1000,"currencyCode":"GBP"},"reference":"r","captureMode":"Manual","autoExpireAction":"Release","autoExpireIn":"{{interval}}"}"""))
            .ReadJsonAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("AutoExpireIn"));
    }

    [Fact]
    public async Task Rule12_guides_day_form_interval_is_accepted_and_manual_without_action_defaults_to_release()
    {
        var intent = await (await _client.PostJsonAsync("/payment-intents",
            """{"amount":{"value":1000,"currencyCode":"GBP"},"reference":"r","captureMode":"Manual","autoExpireIn":"00.10:00:00"}"""))
            .ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("10:00:00", (string)intent["autoExpireIn"]!);
        // Contract A11: lenient default.
        Assert.Equal("Release", (string)intent["autoExpireAction"]!);
    }

    [Fact]
    public async Task Rule19_and_PI07_card_holder_not_present_is_stored_and_the_card_is_keyed()
    {
        var intent = await _client.CreateIntentAsync(extraJson: ""","cardHolderNotPresent":true""");
        Assert.True((bool)intent["cardHolderNotPresent"]!);

        var paid = await _client.PayAsync((string)intent["id"]!, entryMode: "Contactless");

        Assert.Equal("ManualEntry", (string)paid["paymentDetails"]!["card"]!["entryMode"]!);
    }

    [Fact]
    public async Task Rule20_and_PI08_item_lines_with_discount_modifiers_and_tax_lines_are_echoed_unchanged()
    {
        const string lines = """
            ,"itemLines":[{"id":"1","quantity":2,"name":"Burger","category":"Food","amountTotal":{"value":1200,"currencyCode":"GBP"},"plu":"BRG",
              "modifiers":[{"id":"m1","name":"Student discount","quantity":1,"amountPerModifier":{"value":-200,"currencyCode":"GBP"}}]}],
             "taxLines":[{"id":"t1","caption":"VAT","subCaption":"20%","amountTotal":{"value":167,"currencyCode":"GBP"},"affectedPlu":"BRG"}]
            """;
        var created = await _client.CreateIntentAsync(1000, extraJson: lines);

        var intent = await _client.GetIntentAsync((string)created["id"]!);
        var item = intent["itemLines"]![0]!;
        Assert.Equal("Burger", (string)item["name"]!);
        Assert.Equal(2, (int)item["quantity"]!);
        Assert.Equal(-200, (long)item["modifiers"]![0]!["amountPerModifier"]!["value"]!);
        Assert.Equal("Student discount", (string)item["modifiers"]![0]!["name"]!);
        Assert.Equal("VAT", (string)intent["taxLines"]![0]!["caption"]!);
        Assert.Equal(167, (long)intent["taxLines"]![0]!["amountTotal"]!["value"]!);
        Assert.Equal(1000, (long)intent["subtotalLineItems"]!["value"]!);
    }

    [Fact]
    public async Task ContractA27_total_amount_adds_tips_service_charge_and_cashback()
    {
        var intent = await _client.CreateIntentAsync(1000, extraJson:
            ""","tipsAmount":{"value":150,"currencyCode":"GBP"},"serviceChargeAmount":{"value":100,"currencyCode":"GBP"},"cashbackAmount":{"value":2000,"currencyCode":"GBP"}""");

        Assert.Equal(1000, (long)intent["amount"]!["value"]!);
        Assert.Equal(3250, (long)intent["totalAmount"]!["value"]!);
    }

    [Fact]
    public async Task Optional_objects_are_stored_and_returned()
    {
        var intent = await _client.CreateIntentAsync(extraJson: """
            ,"customer":{"id":"c1","emailAddress":"a@b.com","phoneNumber":"+44800","secret":"s"},
             "billingAddress":{"address1":"The Brunel Building","city":"London","postcode":"W2 1DG","countryCode":"GB"},
             "shippingDetails":{"name":"Ann","address":{"address1":"1 Road"}},
             "metadata":{"location-id":"rpl_1"},
             "config":{"title":"Till 1","payment":{"customAmountAllowed":true,"tipsAllowed":true}},
             "actionLink":{"url":"https://docs.example.com","label":"docs"}
            """);

        Assert.Equal("a@b.com", (string)intent["customer"]!["emailAddress"]!);
        Assert.Null(intent["customer"]!["secret"]);
        Assert.Equal("GB", (string)intent["billingAddress"]!["countryCode"]!);
        Assert.Equal("", (string)intent["shippingDetails"]!["address"]!["countryCode"]!);
        Assert.Equal("rpl_1", (string)intent["metadata"]!["location-id"]!);
        Assert.True((bool)intent["config"]!["payment"]!["tipsAllowed"]!);
        Assert.Equal("Till 1", (string)intent["config"]!["title"]!);
        Assert.Equal("docs", (string)intent["actionLink"]!["label"]!);
    }

    [Fact]
    public async Task Same_seed_and_clock_give_the_same_ids()
    {
        var settings = new Dictionary<string, string?> { ["Sandbox:Seed"] = "42" };
        string Id(System.Text.Json.Nodes.JsonObject o) => (string)o["id"]!;
        using var first = new PayAtCounterApp(settings: settings);
        using var second = new PayAtCounterApp(settings: settings);

        var a = Id(await first.CreateDojoClient().CreateIntentAsync());
        var b = Id(await second.CreateDojoClient().CreateIntentAsync());

        Assert.Equal(a, b);
    }
}
