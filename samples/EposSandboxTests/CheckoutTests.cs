using PayAtCounter.Client;
using PayAtCounter.Contracts;
using PayAtCounter.Testing;
using Xunit;

namespace EposSandboxTests;

/// <summary>
/// How an EPOS team tests its till against Dojo without a network or a card machine: the packages start a
/// sandbox inside the test, and waiting for the customer moves the sandbox clock instead of sleeping.
/// </summary>
public sealed class CheckoutTests : IAsyncLifetime
{
    private DojoSandbox _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await DojoSandbox.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task A_card_sale_on_the_counter_terminal_is_captured()
    {
        var dojo = _sandbox.Client;
        var intent = await dojo.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest
        {
            Amount = new Money(1250, "GBP"),
            Reference = "Table 7",
        });

        var session = await dojo.TerminalSessions.CreateSaleAsync(await _sandbox.TerminalIdAsync("APP1"), intent.Id!);
        var final = await dojo.TerminalSessions.WaitForCompletionAsync(session.Id);

        Assert.Equal(TerminalSessionStatus.Captured, final.Status);
        Assert.Equal(PaymentIntentStatus.Captured, (await dojo.PaymentIntents.GetAsync(intent.Id!)).Status);
    }

    [Fact]
    public async Task The_customer_pays_by_chip_and_PIN_at_the_PDQ()
    {
        var dojo = _sandbox.Client;
        var intent = await dojo.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(2400, "GBP"), Reference = "Table 9" });
        var pdq = await _sandbox.TerminalAsync("PDQ1");

        var session = await dojo.TerminalSessions.CreateSaleAsync(pdq.Id, intent.Id!);
        await _sandbox.AdvanceAsync(TimeSpan.FromSeconds(2));   // the PDQ wakes up and asks for a card
        await pdq.PresentCardAsync("ContactChip");
        await _sandbox.AdvanceAsync(TimeSpan.FromSeconds(5));   // it reads the chip and asks for the PIN
        await pdq.EnterPinAsync();
        var final = await dojo.TerminalSessions.WaitForCompletionAsync(session.Id);

        Assert.Equal(TerminalSessionStatus.Captured, final.Status);
        Assert.Contains(final.NotificationEvents, n => n.NotificationType == "EnterPin");
    }

    [Fact]
    public async Task The_customer_pressing_X_on_the_PDQ_cancels_the_sale()
    {
        var dojo = _sandbox.Client;
        var intent = await dojo.PaymentIntents.CreateAsync(new CreatePaymentIntentRequest { Amount = new Money(800, "GBP"), Reference = "Table 8" });
        var pdq = await _sandbox.TerminalAsync("PDQ1");

        var session = await dojo.TerminalSessions.CreateSaleAsync(pdq.Id, intent.Id!);
        await _sandbox.AdvanceAsync(TimeSpan.FromSeconds(2));
        await pdq.PressCancelAsync();
        var final = await dojo.TerminalSessions.WaitForCompletionAsync(session.Id);

        Assert.Equal(TerminalSessionStatus.Canceled, final.Status);
        Assert.Equal(PaymentIntentStatus.Created, (await dojo.PaymentIntents.GetAsync(intent.Id!)).Status);
    }

    [Fact]
    public async Task A_wrong_key_gets_a_typed_authentication_error()
    {
        var stranger = _sandbox.CreateClient("sk_sandbox_not_a_real_key");

        var error = await Assert.ThrowsAsync<DojoApiException>(() => stranger.Terminals.ListAsync());

        Assert.True(error.IsAuthenticationError);
    }
}
