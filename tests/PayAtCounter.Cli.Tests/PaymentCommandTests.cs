using System.Text.Json;
using PayAtCounter.Cli.Hosting;
using PayAtCounter.Contracts;

namespace PayAtCounter.Cli.Tests;

/// <summary>Reads, refunds, captures and reversals, as tables and as the API's JSON.</summary>
public sealed class PaymentCommandTests : IAsyncLifetime
{
    private readonly PacHarness _pac = new();

    public Task InitializeAsync() => _pac.InitializeAsync();
    public Task DisposeAsync() => _pac.DisposeAsync();

    [Fact]
    public async Task Terminals_print_as_a_table_and_as_the_APIs_json()
    {
        var table = await _pac.RunAsync("terminals");
        var json = await _pac.RunAsync("terminals", "--json");

        var terminals = await _pac.Client.Terminals.ListAsync();
        Assert.Equal(0, table.ExitCode);
        Assert.All(terminals, t => Assert.Contains(t.Properties.Tid, table.Output));
        Assert.DoesNotContain("\u2500", table.Output); // redirected output: ASCII borders
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal(terminals.Select(t => t.Id).Order(), document.RootElement.EnumerateArray().Select(t => t.GetProperty("id").GetString()).Order());
    }

    [Fact]
    public async Task Intents_list_filters_by_status_and_get_shows_one()
    {
        var paid = await SaleAsync("APP1", "5.00");
        await SaleAsync("DIP0", "6.00");

        var captured = await _pac.RunAsync("intents", "list", "--status", "Captured", "--since", "1h", "--json");
        var shown = await _pac.RunAsync("intents", "get", paid);

        Assert.Equal(0, captured.ExitCode);
        using var list = JsonDocument.Parse(captured.Output);
        Assert.Equal([paid], list.RootElement.EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Contains("Captured", shown.Output);
        Assert.Contains("GBP 5.00", shown.Output);
    }

    [Fact]
    public async Task An_API_refund_shows_its_idempotency_key_and_a_retry_with_it_does_not_refund_twice()
    {
        var paid = await SaleAsync("APP1", "20.00");

        var first = await _pac.RunAsync("refund", paid, "--amount", "5.00", "--reason", "cold coffee", "--json");
        var key = first.Error.Split(' ', '\n').SkipWhile(w => w != "key").Skip(1).First().Trim();
        var retry = await _pac.RunAsync("refund", paid, "--amount", "5.00", "--idempotency-key", key, "--json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(0, retry.ExitCode);
        Assert.Equal(Id(first.Output, "refundId"), Id(retry.Output, "refundId"));
        Assert.Equal(500, (await _pac.Client.PaymentIntents.GetAsync(paid)).RefundedAmount);

        var rest = await _pac.RunAsync("refund", paid);
        Assert.True(rest.ExitCode == 0, rest.ToString());
        Assert.Contains("Refunding GBP 15.00", rest.Output);
        Assert.Equal(PaymentIntentStatus.Refunded, (await _pac.Client.PaymentIntents.GetAsync(paid)).Status);
    }

    [Fact]
    public async Task Refunds_on_a_terminal_are_matched_with_an_intent_and_unlinked_without()
    {
        var paid = await SaleAsync("APP1", "8.00");

        var matched = await _pac.RunAsync("refund", "--terminal", "APP1", "--intent", paid, "--json");
        var unlinked = await _pac.RunAsync("refund", "--terminal", "APP1", "--amount", "2.50", "--json");

        Assert.True(matched.ExitCode == 0, matched.ToString());
        Assert.True(unlinked.ExitCode == 0, unlinked.ToString());
        Assert.Equal("MatchedRefund", Session(matched.Output).GetProperty("details").GetProperty("sessionType").GetString());
        Assert.Equal(250, Session(unlinked.Output).GetProperty("details").GetProperty("unlinkedRefund").GetProperty("amount").GetProperty("value").GetInt64());
        Assert.Equal(PaymentIntentStatus.Refunded, (await _pac.Client.PaymentIntents.GetAsync(paid)).Status);
    }

    [Fact]
    public async Task A_pre_authorization_is_captured_in_part_and_another_reversed()
    {
        var held = await SaleAsync("APP1", "100.00", "--manual");
        var released = await SaleAsync("APP1", "30.00", "--manual");

        var capture = await _pac.RunAsync("capture", held, "--amount", "80.00");
        var reverse = await _pac.RunAsync("reverse", released);

        Assert.True(capture.ExitCode == 0, capture.ToString());
        Assert.True(reverse.ExitCode == 0, reverse.ToString());
        Assert.Equal(PaymentIntentStatus.Captured, (await _pac.Client.PaymentIntents.GetAsync(held)).Status);
        Assert.Equal(PaymentIntentStatus.Reversed, (await _pac.Client.PaymentIntents.GetAsync(released)).Status);
    }

    [Fact]
    public async Task An_unpaid_intent_is_canceled_and_every_read_and_change_prints_the_APIs_json()
    {
        var created = await _pac.Client.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(450, "GBP"), Reference = "never paid" });
        var held = await SaleAsync("APP1", "50.00", "--manual");

        var canceled = await _pac.RunAsync("cancel", created.Id!, "--json");
        var got = await _pac.RunAsync("intents", "get", created.Id!, "--json");
        var captured = await _pac.RunAsync("capture", held, "--json");
        var reversed = await _pac.RunAsync("reverse", held, "--json");

        Assert.True(canceled.ExitCode == 0, canceled.ToString());
        Assert.Equal("Canceled", JsonDocument.Parse(canceled.Output).RootElement.GetProperty("status").GetString());
        Assert.Equal("Canceled", JsonDocument.Parse(got.Output).RootElement.GetProperty("status").GetString());
        Assert.True(JsonDocument.Parse(captured.Output).RootElement.TryGetProperty("captureId", out _), captured.ToString());
        Assert.True(JsonDocument.Parse(reversed.Output).RootElement.TryGetProperty("reversalId", out _), reversed.ToString());
        Assert.Equal(PaymentIntentStatus.Reversed, (await _pac.Client.PaymentIntents.GetAsync(held)).Status);
    }

    [Fact]
    public async Task Sessions_get_shows_the_status_history()
    {
        var sale = await _pac.RunAsync("sale", "-t", "APP1", "-a", "1.00", "--json");
        var sessionId = Id(sale.Output, "id");

        var shown = await _pac.RunAsync("sessions", "get", sessionId);
        var json = await _pac.RunAsync("sessions", "get", sessionId, "--json");

        Assert.Equal(0, shown.ExitCode);
        Assert.Equal(sessionId, Id(json.Output, "id"));
        Assert.Contains("InitiateRequested", shown.Output);
        Assert.Contains("Captured", shown.Output);
        Assert.Contains("· PresentCard", shown.Output);
    }

    private async Task<string> SaleAsync(string terminal, string amount, params string[] more)
    {
        var result = await _pac.RunAsync(["sale", "-t", terminal, "-a", amount, "--json", .. more]);
        return Session(result.Output).GetProperty("details").GetProperty("sale").GetProperty("paymentIntentId").GetString()!;
    }

    private static JsonElement Session(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string Id(string json, string name) => JsonDocument.Parse(json).RootElement.GetProperty(name).GetString()!;
}
