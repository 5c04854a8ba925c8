using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PayAtCounter.Client;
using PayAtCounter.Contracts;
using PayAtCounter.Testing;

namespace PayAtCounter.Till.Tests;

/// <summary>
/// The till as a person uses it: its page and its routes, with its settings from configuration, talking to the
/// in-process sandbox. A sale rung up on the page is followed in the background until the page shows it paid.
/// </summary>
public sealed class TillAppTests : IAsyncLifetime
{
    private DojoSandbox _sandbox = null!;
    // Any type of the till's assembly names the app to start (its Program class shares its name with the server's).
    private WebApplicationFactory<Counter> _till = null!;
    private HttpClient _page = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await DojoSandbox.StartAsync();
        _till = new WebApplicationFactory<Counter>().WithWebHostBuilder(host =>
        {
            host.UseSetting("Till:ApiKey", DojoSandbox.ApiKey);
            host.UseSetting("Till:JournalPath", "");
            host.UseSetting("Till:WebhookSecret", "whsec_app_test");
            // The till's one Dojo client, pointed at the sandbox in this process instead of the network.
            host.ConfigureTestServices(services => services.AddSingleton(_sandbox.CreateClient(DojoSandbox.ApiKey)));
        });
        _page = _till.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _page.Dispose();
        await _till.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task The_page_is_served_and_lists_the_terminals_with_their_availability()
    {
        Assert.Contains("Reference till", await _page.GetStringAsync("/"), StringComparison.Ordinal);

        using var terminals = JsonDocument.Parse(await _page.GetStringAsync("/api/terminals"));

        Assert.Contains(terminals.RootElement.EnumerateArray(), t => t.GetProperty("tid").GetString()!.EndsWith("OFF1", StringComparison.Ordinal) && !t.GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task A_sale_rung_up_on_the_page_is_followed_until_it_shows_paid_and_journalled()
    {
        var sale = await _page.PostAsJsonAsync("/api/sales", new
        {
            lines = new[] { new { name = "Coffee", quantity = 2, unitPrice = 300, discount = 0 } },
            terminal = "APP1",
            tips = 100,
        });
        Assert.Equal(HttpStatusCode.OK, sale.StatusCode);
        var reference = (await sale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString();

        JsonElement order = default;
        for (var poll = 0; poll < 200; poll++)
        {
            using var state = JsonDocument.Parse(await _page.GetStringAsync("/api/state"));
            order = state.RootElement.GetProperty("orders").EnumerateArray().Single(o => o.GetProperty("reference").GetString() == reference).Clone();
            if (order.GetProperty("settled").GetBoolean())
            {
                break;
            }
            await Task.Delay(50);
        }

        Assert.Equal("Captured", order.GetProperty("intentStatus").GetString());
        Assert.Equal("Paid.", order.GetProperty("notice").GetString());
    }

    [Fact]
    public async Task A_mistyped_tid_and_a_wrong_request_get_a_message_for_the_person_not_an_error_page()
    {
        var refused = await _page.PostAsJsonAsync("/api/sales", new { lines = new[] { new { name = "Tea", quantity = 1, unitPrice = 250 } }, terminal = "NOPE9" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.StartsWith("No terminal with TID NOPE9", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_webhook_receiver_takes_a_signed_event_and_refuses_a_forged_one()
    {
        var body = JsonSerializer.Serialize(new { id = "evt_app_1", @event = "payment_intent.status_updated", accountId = "acc", createdAt = DateTimeOffset.UtcNow, data = new { paymentIntentId = "pi_x", paymentStatus = "Captured", captureMode = "Auto" } });

        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync(body, WebhookSignature.Compute(body, "whsec_app_test"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DeliverAsync(body, WebhookSignature.Compute(body, "someone_elses_secret"))).StatusCode);
    }

    private Task<HttpResponseMessage> DeliverAsync(string body, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/dojo") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.HeaderName, signature);
        return _page.SendAsync(request);
    }
}
