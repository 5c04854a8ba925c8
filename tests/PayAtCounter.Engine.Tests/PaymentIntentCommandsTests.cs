using PayAtCounter.Contracts;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.PaymentIntents;

namespace PayAtCounter.Engine.Tests;

/// <summary>The payment-intent state machine of contract §7.15, without HTTP or storage.</summary>
public sealed class PaymentIntentCommandsTests
{
    private static readonly DateTimeOffset Now = new(2024, 4, 7, 23, 25, 44, TimeSpan.Zero);
    private readonly IdGenerator _ids = new(1);

    private PaymentIntentState New(CaptureMode mode = CaptureMode.Auto, long amount = 1000, TimeSpan? autoExpireIn = null, AutoExpireAction? action = null)
    {
        var request = new CreatePaymentIntentRequest { Amount = new Money(amount, "gbp"), Reference = "Order 234", CaptureMode = mode, AutoExpireAction = action };
        return PaymentIntentCommands.Create(new NewPaymentIntent(request, autoExpireIn), "acc_1", sandbox: true, Now, _ids).State;
    }

    private PaymentIntentState Paid(PaymentIntentState state)
        => PaymentIntentCommands.RecordCardPayment(state, SandboxCards.Payment(state.TotalAmount.Value, "ContactChip", approved: true, _ids), Now).Value!.State;

    [Fact]
    public void Create_raises_created_and_normalizes_the_currency()
    {
        var change = PaymentIntentCommands.Create(
            new NewPaymentIntent(new CreatePaymentIntentRequest { Amount = new Money(1, "eur"), Reference = "r" }, null), "acc_1", true, Now, _ids);

        Assert.Equal("EUR", change.State.Amount.CurrencyCode);
        Assert.Equal(CaptureMode.Auto, change.State.CaptureMode);
        Assert.Equal(Now.AddDays(30), change.State.ExpireAt);
        Assert.Equal([PaymentIntentEvent.Created], change.Events.Select(e => e.Type));
    }

    [Fact]
    public void Auto_payment_captures_and_manual_payment_authorizes_each_raising_status_updated()
    {
        var auto = PaymentIntentCommands.RecordCardPayment(New(), SandboxCards.Payment(1000, "ContactChip", true, _ids), Now).Value!;
        var manual = PaymentIntentCommands.RecordCardPayment(New(CaptureMode.Manual), SandboxCards.Payment(1000, "ContactChip", true, _ids), Now).Value!;

        Assert.Equal(PaymentIntentStatus.Captured, auto.State.Status);
        Assert.Equal(1000, auto.State.CapturedAmount);
        Assert.Equal(PaymentIntentStatus.Authorized, manual.State.Status);
        Assert.Equal(PaymentIntentEvent.StatusUpdated, Assert.Single(auto.Events).Type);
        Assert.Equal(PaymentIntentStatus.Captured, auto.Events[0].Status);
    }

    [Fact]
    public void Amount_change_without_status_change_raises_updated()
    {
        var change = PaymentIntentCommands.ChangeAmount(New(), new Money(2000, "GBP"), null, null, Now.AddSeconds(1)).Value!;

        Assert.Equal(PaymentIntentEvent.Updated, Assert.Single(change.Events).Type);
        Assert.Equal(1000, change.State.RequestedAmount.Value);
        Assert.Equal(Now.AddSeconds(1), change.State.UpdatedAt);
    }

    [Theory]
    [InlineData(PaymentIntentStatus.Created, false)]
    [InlineData(PaymentIntentStatus.Authorized, true)]
    [InlineData(PaymentIntentStatus.Captured, false)]
    public void Capture_is_only_allowed_on_authorized(PaymentIntentStatus status, bool allowed)
    {
        var state = New(CaptureMode.Manual) with { Status = status };

        var outcome = PaymentIntentCommands.Capture(state, 500, null, Now, _ids);

        Assert.Equal(allowed, outcome.Succeeded);
        if (!allowed)
        {
            Assert.Equal(DomainErrorKind.Conflict, outcome.Error!.Kind);
        }
    }

    [Fact]
    public void Refunds_accumulate_and_the_last_one_makes_the_intent_refunded()
    {
        var captured = Paid(New(amount: 1000));

        var first = PaymentIntentCommands.Refund(captured, new CreateRefundRequest { Amount = 400 }, "k1", Now, _ids).Value!;
        var second = PaymentIntentCommands.Refund(first.State, new CreateRefundRequest { Amount = 600 }, "k2", Now, _ids).Value!;
        var third = PaymentIntentCommands.Refund(second.State, new CreateRefundRequest { Amount = 1 }, "k3", Now, _ids);

        Assert.Equal(PaymentIntentStatus.Captured, first.State.Status);
        Assert.Equal(PaymentIntentStatus.Refunded, second.State.Status);
        Assert.Equal(1000, second.State.RefundedAmount);
        Assert.False(third.Succeeded);
    }

    [Fact]
    public void Run_due_voids_expired_created_intents_and_applies_the_auto_expire_action()
    {
        var created = New();
        var capture = Paid(New(CaptureMode.Manual, autoExpireIn: TimeSpan.FromSeconds(55), action: AutoExpireAction.Capture));
        var release = Paid(New(CaptureMode.Manual, autoExpireIn: TimeSpan.FromSeconds(55), action: AutoExpireAction.Release));

        Assert.Null(PaymentIntentCommands.RunDue(capture, Now.AddSeconds(54)));
        Assert.Equal(PaymentIntentStatus.Captured, PaymentIntentCommands.RunDue(capture, Now.AddSeconds(55))!.State.Status);
        Assert.Equal(PaymentIntentStatus.Reversed, PaymentIntentCommands.RunDue(release, Now.AddSeconds(55))!.State.Status);
        Assert.Equal(PaymentIntentStatus.Canceled, PaymentIntentCommands.RunDue(created, Now.AddDays(30))!.State.Status);
        Assert.Null(Paid(New()).NextDueAt);
    }

    [Fact]
    public void Declined_payment_keeps_the_intent_created_with_a_declined_event()
    {
        var change = PaymentIntentCommands.RecordCardPayment(New(), SandboxCards.Payment(1000, "ContactChip", approved: false, _ids), Now).Value!;

        Assert.Equal(PaymentIntentStatus.Created, change.State.Status);
        Assert.Equal(PaymentEventType.Declined, Assert.Single(change.State.PaymentEvents).EventType);
        Assert.Null(change.State.PaymentDetails);
    }

    [Fact]
    public void Money_is_displayed_as_the_terminal_shows_it()
    {
        Assert.Equal("£10.00", MoneyMath.Display(1000, "GBP"));
        Assert.Equal("€0.05", MoneyMath.Display(5, "EUR"));
        Assert.Equal("-£2.50", MoneyMath.Display(-250, "GBP"));
    }
}
