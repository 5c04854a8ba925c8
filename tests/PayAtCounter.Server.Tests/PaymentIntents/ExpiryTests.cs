using System.Net;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.PaymentIntents;

/// <summary>Contract rules 13–14: auto-expiry of Manual intents and voiding, on the sandbox clock.</summary>
public sealed class ExpiryTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public ExpiryTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Rule13_auto_expire_capture_captures_an_authorized_intent_when_the_interval_elapses()
    {
        var id = await _client.AuthorizedIntentAsync(1000, ""","autoExpireAction":"Capture","autoExpireIn":"00:00:55" """);

        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(54));
        var before = await _client.GetIntentAsync(id);
        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(1));
        var after = await _client.GetIntentAsync(id);

        Assert.Equal("Authorized", (string)before["status"]!);
        Assert.Equal("Captured", (string)after["status"]!);
    }

    [Fact]
    public async Task Rule13_auto_expire_release_reverses_an_authorized_intent()
    {
        var id = await _client.AuthorizedIntentAsync(1000, ""","autoExpireAction":"Release","autoExpireIn":"00.10:00:00" """);

        await _client.AdvanceClockAsync(TimeSpan.FromHours(10));

        Assert.Equal("Reversed", (string)(await _client.GetIntentAsync(id))["status"]!);
    }

    [Fact]
    public async Task Rule13_the_timer_counts_from_authorization_not_creation()
    {
        var id = (string)(await _client.CreateIntentAsync(1000, "Manual", ""","autoExpireAction":"Capture","autoExpireIn":"00:01:00" """))["id"]!;
        await _client.AdvanceClockAsync(TimeSpan.FromMinutes(5));
        await _client.PayAsync(id);

        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(59));
        var before = (string)(await _client.GetIntentAsync(id))["status"]!;
        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(1));
        var at = (string)(await _client.GetIntentAsync(id))["status"]!;

        Assert.Equal("Authorized", before);
        Assert.Equal("Captured", at);
    }

    [Fact]
    public async Task Rule14_an_intent_not_authorized_by_expire_at_is_voided()
    {
        var id = (string)(await _client.CreateIntentAsync())["id"]!;

        await _client.AdvanceClockAsync(TimeSpan.FromDays(30));

        await (await _client.GetAsync($"/payment-intents/{id}")).ReadJsonAsync(HttpStatusCode.NotFound);
        Assert.Equal("Canceled", (string)(await _client.GetIntentAsync(id, returnCanceled: true))["status"]!);
    }

    [Fact]
    public async Task Rule14_explicit_expire_at_must_be_in_the_future_and_is_honoured()
    {
        var now = _app.Clock.GetUtcNow();
        var past = await (await _client.PostJsonAsync("/payment-intents", $$"""{"amount":{"value":1,"currencyCode":"GBP"},"reference":"r","expireAt":"{{now.AddMinutes(-1):O}}"}"""))
            .ReadJsonAsync(HttpStatusCode.BadRequest);
        var id = (string)(await _client.CreateIntentAsync(extraJson: $$""","expireAt":"{{now.AddHours(1):O}}" """))["id"]!;

        await _client.AdvanceClockAsync(TimeSpan.FromHours(1));

        Assert.NotEmpty(past.FieldErrors("ExpireAt"));
        Assert.Equal("Canceled", (string)(await _client.GetIntentAsync(id, returnCanceled: true))["status"]!);
    }

    [Fact]
    public async Task Due_work_is_also_run_by_the_background_scheduler()
    {
        using var app = new PayAtCounterApp(settings: new Dictionary<string, string?> { ["Sandbox:DueWorkInterval"] = "00:00:00.050" });
        var client = app.CreateDojoClient();
        var id = await client.AuthorizedIntentAsync(1000, ""","autoExpireAction":"Capture","autoExpireIn":"00:00:31" """);

        app.Clock.Advance(TimeSpan.FromSeconds(31));
        var status = "";
        for (var i = 0; i < 100 && status != "Captured"; i++)
        {
            await Task.Delay(50);
            status = (string)(await client.GetIntentAsync(id))["status"]!;
        }

        Assert.Equal("Captured", status);
    }
}
