using PayAtCounter.Contracts;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Testing;

namespace PayAtCounter.Client.Tests;

/// <summary>The in-process sandbox's terminal handles drive the interactive PDQ as a customer would.</summary>
public sealed class SandboxTerminalTests : IAsyncLifetime
{
    private DojoSandbox _sandbox = null!;
    private SandboxTerminal _pdq = null!;

    private DojoClient Dojo => _sandbox.Client;

    public async Task InitializeAsync()
    {
        _sandbox = await DojoSandbox.StartAsync();
        _pdq = await _sandbox.TerminalAsync("PDQ1");
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private async Task<TerminalSession> SaleWaitingForCardAsync(long amount = 1500)
    {
        var intent = await Dojo.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(amount, "GBP"), Reference = "Order 1" });
        var session = await Dojo.TerminalSessions.CreateSaleAsync(_pdq.Id, intent.Id!);
        await _sandbox.AdvanceAsync(TimeSpan.FromSeconds(2));
        return session;
    }

    [Fact]
    public async Task Chip_and_PIN_is_captured_after_the_PIN()
    {
        var session = await SaleWaitingForCardAsync();

        await _pdq.PresentCardAsync("ContactChip");
        await _sandbox.AdvanceAsync(TimeSpan.FromSeconds(5));
        await _pdq.EnterPinAsync();
        var final = await Dojo.TerminalSessions.WaitForCompletionAsync(session.Id);

        Assert.Equal(TerminalSessionStatus.Captured, final.Status);
        Assert.Contains(final.NotificationEvents, n => n.NotificationType == "EnterPin");
    }

    [Fact]
    public async Task A_card_presented_at_once_waits_for_the_PDQ_to_ask_for_it()
    {
        var intent = await Dojo.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(1500, "GBP"), Reference = "Order 2" });
        var session = await Dojo.TerminalSessions.CreateSaleAsync(_pdq.Id, intent.Id!);

        await _pdq.PresentCardAsync("Contactless");
        var final = await Dojo.TerminalSessions.WaitForCompletionAsync(session.Id);

        Assert.Equal(TerminalSessionStatus.Captured, final.Status);
        Assert.Equal("PresentCard", final.NotificationEvents[0].NotificationType);
    }

    [Fact]
    public async Task A_declined_card_declines_the_session()
    {
        var session = await SaleWaitingForCardAsync();

        await _pdq.PresentCardAsync("Contactless", CardOutcome.Decline);
        var final = await Dojo.TerminalSessions.WaitForCompletionAsync(session.Id);

        Assert.Equal(TerminalSessionStatus.Declined, final.Status);
    }

    [Fact]
    public async Task Power_off_expires_the_sale_and_power_on_brings_the_terminal_back()
    {
        var session = await SaleWaitingForCardAsync();

        await _pdq.PowerOffAsync();
        var final = await Dojo.TerminalSessions.WaitForCompletionAsync(session.Id);
        Assert.Equal(TerminalSessionStatus.Expired, final.Status);
        Assert.Equal(TerminalStatus.Offline, (await Dojo.Terminals.GetAsync(_pdq.Id)).Status);

        await _pdq.PowerOnAsync();
        Assert.Equal(TerminalStatus.Available, (await Dojo.Terminals.GetAsync(_pdq.Id)).Status);
    }

    [Fact]
    public async Task Acting_when_the_terminal_is_not_waiting_fails_with_the_servers_reason()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _pdq.EnterPinAsync());

        Assert.Contains("enter-pin failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_TID_suffix_names_the_TIDs_there_are()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _sandbox.TerminalAsync("NOPE9"));

        Assert.Contains("PDQ1", error.Message, StringComparison.Ordinal);
    }
}
