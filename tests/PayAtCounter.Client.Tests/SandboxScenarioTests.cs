using PayAtCounter.Contracts;
using PayAtCounter.Testing;

namespace PayAtCounter.Client.Tests;

/// <summary>The in-process sandbox's scenario helpers: a test suite starts each test from a known world.</summary>
public sealed class SandboxScenarioTests : IAsyncLifetime
{
    private DojoSandbox _sandbox = null!;

    private DojoClient Dojo => _sandbox.Client;

    public async Task InitializeAsync() => _sandbox = await DojoSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task A_snapshot_restored_brings_back_the_paid_intent_and_forgets_the_one_made_after()
    {
        var paid = await Dojo.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(1200, "GBP"), Reference = "Table 4" });
        await _sandbox.PayAsync(paid.Id!);
        await _sandbox.TakeSnapshotAsync("table-4-paid");
        var later = await Dojo.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(300, "GBP"), Reference = "Table 5" });

        await _sandbox.RestoreSnapshotAsync("table-4-paid");

        Assert.Equal(PaymentIntentStatus.Captured, (await Dojo.PaymentIntents.GetAsync(paid.Id!)).Status);
        var missing = await Assert.ThrowsAsync<DojoApiException>(() => Dojo.PaymentIntents.GetAsync(later.Id!));
        Assert.Equal(404, (int)missing.StatusCode);
        await _sandbox.DeleteSnapshotAsync("table-4-paid");
        await Assert.ThrowsAsync<InvalidOperationException>(() => _sandbox.RestoreSnapshotAsync("table-4-paid"));
    }

    [Fact]
    public async Task A_reset_leaves_the_starting_terminals_and_no_intents()
    {
        var intent = await Dojo.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(500, "GBP"), Reference = "Gone" });
        var terminals = (await Dojo.Terminals.ListAsync()).Select(t => t.Properties.Tid).Order().ToList();

        await _sandbox.ResetAsync();

        await Assert.ThrowsAsync<DojoApiException>(() => Dojo.PaymentIntents.GetAsync(intent.Id!));
        Assert.Equal(terminals, (await Dojo.Terminals.ListAsync()).Select(t => t.Properties.Tid).Order().ToList());
    }

    [Fact]
    public async Task The_sdk_rides_out_a_lost_refund_response_and_a_503_while_polling_and_the_intent_is_refunded_once()
    {
        var intent = await Dojo.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(2000, "GBP"), Reference = "Table 6" });
        var session = await Dojo.TerminalSessions.CreateSaleAsync(await _sandbox.TerminalIdAsync("APP1"), intent.Id!);
        await _sandbox.AddFaultAsync("GET", "/terminal-sessions/*", "Status", status: 503, count: 2);
        Assert.Equal(TerminalSessionStatus.Captured, (await Dojo.TerminalSessions.WaitForCompletionAsync(session.Id)).Status);

        await _sandbox.AddFaultAsync("POST", "/payment-intents/*/refunds", "DropAfterCommit");
        var refund = await Dojo.PaymentIntents.RefundAsync(intent.Id!, new CreateRefundRequest { Amount = 800 }, idempotencyKey: "till-42");

        var refunded = await Dojo.PaymentIntents.GetAsync(intent.Id!);
        Assert.Equal(800, refunded.RefundedAmount);
        Assert.Equal(intent.Id, (await Dojo.PaymentIntents.GetRefundAsync(refund.RefundId!)).PaymentIntentId);
    }

    [Fact]
    public async Task An_expired_session_leaves_the_intent_to_pay_again()
    {
        var intent = await Dojo.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(900, "GBP"), Reference = "Table 7" });
        var terminal = await _sandbox.TerminalIdAsync("APP1");
        var session = await Dojo.TerminalSessions.CreateSaleAsync(terminal, intent.Id!);

        await _sandbox.ExpireSessionAsync(session.Id);

        Assert.Equal(TerminalSessionStatus.Expired, (await Dojo.TerminalSessions.GetAsync(session.Id)).Status);
        var again = await Dojo.TerminalSessions.CreateSaleAsync(terminal, intent.Id!);
        Assert.Equal(TerminalSessionStatus.Captured, (await Dojo.TerminalSessions.WaitForCompletionAsync(again.Id)).Status);
    }

    [Fact]
    public async Task A_terminal_that_drops_off_after_the_card_leaves_the_payment_visible_only_on_the_intent()
    {
        var app1 = await _sandbox.TerminalAsync("APP1");
        await app1.PlanNextSessionAsync(disconnectAfterCard: true);
        var intent = await Dojo.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(3300, "GBP"), Reference = "Table 8" });

        var session = await Dojo.TerminalSessions.CreateSaleAsync(app1.Id, intent.Id!);
        var final = await Dojo.TerminalSessions.WaitForCompletionAsync(session.Id);

        Assert.Equal(TerminalSessionStatus.Expired, final.Status);
        Assert.Equal(PaymentIntentStatus.Captured, (await Dojo.PaymentIntents.GetAsync(intent.Id!)).Status);
    }
}
