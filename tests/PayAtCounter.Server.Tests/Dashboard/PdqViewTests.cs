using PayAtCounter.Contracts;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Engine.Terminals;
using PayAtCounter.Server.Dashboard;

namespace PayAtCounter.Server.Tests.Dashboard;

/// <summary>What the virtual PDQ shows at each step, and which controls act then.</summary>
public sealed class PdqViewTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static TerminalState Terminal(TerminalMode mode = TerminalMode.Interactive, string? live = null, bool offline = false, bool menu = false) => new()
    {
        Id = "tm_1", AccountId = "acc_1", Tid = "VCMPYC8PDQ1", Name = "PDQ", Mode = mode, LiveSessionId = live, Offline = offline, BusyInMenu = menu, UpdatedAt = At,
    };

    private static TerminalSessionState Session(TerminalSessionStatus status, string? lastNotification = null, bool cardPresented = false, long gratuity = 0, long cashback = 0) => new()
    {
        Id = "ts_1", AccountId = "acc_1", TerminalId = "tm_1", Tid = "VCMPYC8PDQ1", Type = TerminalSessionType.Sale,
        Details = new TerminalSessionDetails(), Amount = new Money { Value = 1000 + gratuity + cashback, CurrencyCode = "GBP" }, Gratuity = gratuity, Cashback = cashback,
        Status = status, CreatedAt = At, UpdatedAt = At, ExpireAt = At.AddSeconds(90), CardPresented = cardPresented,
        NotificationEvents = lastNotification is null ? [] : [new TerminalSessionNotification { NotificationType = lastNotification, CreatedAt = At }],
    };

    [Fact]
    public void An_idle_terminal_is_ready_and_only_its_device_controls_act()
    {
        var view = PdqView.Of(Terminal(), null);

        Assert.Equal(("idle", "Ready"), (view.Screen, view.Headline));
        Assert.Equal(new PdqControls(false, false, false, false, true, false, true, false, true, false), view.Can);
    }

    [Fact]
    public void Asking_for_a_card_it_shows_the_amounts_and_takes_a_card_or_x()
    {
        var view = PdqView.Of(Terminal(live: "ts_1"), Session(TerminalSessionStatus.Initiated, TerminalNotificationTypes.PresentCard, gratuity: 200, cashback: 500));

        Assert.Equal("Present card", view.Headline);
        Assert.Equal([("Sale", "£10.00"), ("Gratuity", "£2.00"), ("Cashback", "£5.00"), ("Total", "£17.00")], view.Amounts);
        Assert.True(view.Can.PresentCard && view.Can.PressX);
        Assert.False(view.Can.EnterPin || view.Can.GoOffline || view.Can.GoToMenu);
    }

    [Fact]
    public void After_the_card_it_asks_for_the_pin_and_x_no_longer_cancels()
    {
        var view = PdqView.Of(Terminal(live: "ts_1"), Session(TerminalSessionStatus.Initiated, TerminalNotificationTypes.EnterPin, cardPresented: true));

        Assert.Equal(("pin", "Enter PIN"), (view.Screen, view.Headline));
        Assert.True(view.Can.EnterPin);
        Assert.False(view.Can.PresentCard || view.Can.PressX);
    }

    [Fact]
    public void A_scripted_terminal_takes_no_card_or_pin_by_hand()
    {
        var view = PdqView.Of(Terminal(TerminalMode.Scripted, live: "ts_1"), Session(TerminalSessionStatus.Initiated, TerminalNotificationTypes.PresentCard));

        Assert.Equal("Present card", view.Headline);
        Assert.False(view.Can.PresentCard || view.Can.PressX || view.Can.EnterPin);
    }

    [Fact]
    public void A_signature_step_is_for_the_merchant_on_any_terminal()
    {
        var view = PdqView.Of(Terminal(TerminalMode.Scripted, live: "ts_1"), Session(TerminalSessionStatus.SignatureVerificationRequired, TerminalNotificationTypes.PleaseWait, cardPresented: true));

        Assert.Equal(("signature", "Signature required"), (view.Screen, view.Headline));
        Assert.True(view.Can.DecideSignature);
    }

    [Theory]
    [InlineData(TerminalSessionStatus.Captured, "approved", "Approved")]
    [InlineData(TerminalSessionStatus.Authorized, "approved", "Approved")]
    [InlineData(TerminalSessionStatus.Declined, "declined", "Declined")]
    [InlineData(TerminalSessionStatus.Canceled, "declined", "Cancelled")]
    [InlineData(TerminalSessionStatus.Expired, "declined", "Timed out")]
    [InlineData(TerminalSessionStatus.SignatureVerificationRejected, "declined", "Signature declined")]
    public void After_a_session_it_keeps_its_result_and_is_ready_for_the_next(TerminalSessionStatus status, string screen, string headline)
    {
        var view = PdqView.Of(Terminal(), Session(status));

        Assert.Equal((screen, headline), (view.Screen, view.Headline));
        Assert.Contains("Ready for the next sale", view.Footer);
        Assert.False(view.Live);
        Assert.True(view.Can.GoToMenu);
    }

    [Fact]
    public void Offline_or_in_its_menu_it_says_so_over_any_session()
    {
        var offline = PdqView.Of(Terminal(live: "ts_1", offline: true), Session(TerminalSessionStatus.Initiated, TerminalNotificationTypes.PresentCard));
        var menu = PdqView.Of(Terminal(menu: true), null);

        Assert.Equal(("offline", "Offline"), (offline.Screen, offline.Headline));
        Assert.True(offline.Can.PowerOn && offline.Can.GoOnline && !offline.Can.RemoveBattery);
        Assert.Empty(offline.Amounts);
        Assert.Equal(("menu", "Menu"), (menu.Screen, menu.Headline));
        Assert.True(menu.Can.LeaveMenu && !menu.Can.GoToMenu);
    }
}
