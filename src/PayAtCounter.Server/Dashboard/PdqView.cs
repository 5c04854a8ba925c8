using PayAtCounter.Contracts;
using PayAtCounter.Engine;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Engine.Terminals;

namespace PayAtCounter.Server.Dashboard;

/// <summary>What the virtual PDQ shows and which of its controls do something now.</summary>
/// <param name="Terminal">The terminal.</param>
/// <param name="Session">Its live session, or else its last one (whose result the screen keeps showing).</param>
/// <param name="Screen">The kind of screen, for its look: idle, offline, menu, busy, card, pin, signature, approved, declined.</param>
/// <param name="Headline">The big line, as a real PDQ words it.</param>
/// <param name="Amounts">Amount lines (label, money).</param>
/// <param name="Footer">The small line under the headline.</param>
/// <param name="Can">Which controls act now.</param>
public sealed record PdqView(TerminalState Terminal, TerminalSessionState? Session, string Screen, string Headline, IReadOnlyList<(string Label, string Money)> Amounts, string Footer, PdqControls Can)
{
    /// <summary>True while <see cref="Session"/> is running on the terminal.</summary>
    public bool Live => Session is not null && Terminal.LiveSessionId == Session.Id;

    /// <summary>The view of <paramref name="terminal"/>, given its live or last session.</summary>
    public static PdqView Of(TerminalState terminal, TerminalSessionState? session)
    {
        var live = session is not null && terminal.LiveSessionId == session.Id && !session.IsFinal;
        var (screen, headline, footer) = (terminal, live ? session : null) switch
        {
            ({ Offline: true }, _) => ("offline", "Offline", "No connection to Dojo: sessions get 404 Terminal unavailable."),
            ({ BusyInMenu: true }, null) => ("menu", "Menu", "Settings · Reports · Transactions (sessions get 404 until it leaves the menu)"),
            (_, { } s) => Running(s),
            (_, null) when session is { IsFinal: true } last => Ended(last),
            _ => ("idle", "Ready", $"TID {terminal.Tid}"),
        };
        var interactive = terminal.Mode == TerminalMode.Interactive;
        var running = live ? session : null;
        var asking = running?.NotificationEvents.LastOrDefault()?.NotificationType;
        var can = new PdqControls(
            PresentCard: interactive && running is { Status: TerminalSessionStatus.Initiated, CardPresented: false }
                && asking is TerminalNotificationTypes.PresentCard or TerminalNotificationTypes.InsertCard,
            EnterPin: interactive && running is { CardPresented: true, NextStep: null, IsFinal: false } && asking == TerminalNotificationTypes.EnterPin,
            PressX: interactive && running is { CardPresented: false, Status: TerminalSessionStatus.InitiateRequested or TerminalSessionStatus.Initiated },
            DecideSignature: running is { Status: TerminalSessionStatus.SignatureVerificationRequired },
            RemoveBattery: !terminal.Offline,
            PowerOn: terminal.Offline,
            GoToMenu: !terminal.BusyInMenu && !terminal.Offline && running is null,
            LeaveMenu: terminal.BusyInMenu,
            GoOffline: !terminal.Offline && running is null,
            GoOnline: terminal.Offline);
        return new PdqView(terminal, session, screen, headline, session is null || screen is "offline" or "menu" ? [] : AmountsOf(session), footer, can);
    }

    private static (string Screen, string Headline, string Footer) Running(TerminalSessionState s) => s.Status switch
    {
        TerminalSessionStatus.InitiateRequested => ("busy", "Connecting…", "The session is on its way to the terminal."),
        TerminalSessionStatus.CancelRequested => ("busy", "Cancelling…", "The till asked to cancel."),
        TerminalSessionStatus.SignatureVerificationRequired => ("signature", "Signature required",
            "Merchant: check the signature on the receipt against the card, then accept or decline."),
        TerminalSessionStatus.SignatureVerificationAccepted => ("busy", "Signature accepted", "Please wait"),
        _ => s.NotificationEvents.LastOrDefault()?.NotificationType switch
        {
            TerminalNotificationTypes.PresentCard when s.CardholderNotPresent => ("card", "Key card number", "Customer not present: key in the card details."),
            TerminalNotificationTypes.PresentCard => ("card", "Present card", "Tap, insert or swipe"),
            TerminalNotificationTypes.InsertCard => ("card", "Insert card", "Chip and PIN"),
            TerminalNotificationTypes.EnterPin => ("pin", "Enter PIN", "Then press ✓"),
            TerminalNotificationTypes.RemoveCard => ("busy", "Remove card", "Please wait"),
            TerminalNotificationTypes.Approved => ("approved", "Approved", "Please wait"),
            TerminalNotificationTypes.Declined => ("declined", "Declined", "Please wait"),
            _ => ("busy", "Please wait", "Processing"),
        },
    };

    private static (string Screen, string Headline, string Footer) Ended(TerminalSessionState s)
    {
        var (screen, headline) = s.Status switch
        {
            TerminalSessionStatus.Captured or TerminalSessionStatus.Authorized => ("approved", "Approved"),
            TerminalSessionStatus.Declined => ("declined", "Declined"),
            TerminalSessionStatus.Canceled => ("declined", "Cancelled"),
            TerminalSessionStatus.SignatureVerificationRejected => ("declined", "Signature declined"),
            _ => ("declined", "Timed out"),
        };
        return (screen, headline, $"Ready for the next sale · TID {s.Tid}");
    }

    private static IReadOnlyList<(string Label, string Money)> AmountsOf(TerminalSessionState s)
    {
        var currency = s.Amount.CurrencyCode;
        if (s.Type != TerminalSessionType.Sale)
        {
            return [("Refund", MoneyMath.Display(s.Amount.Value, currency))];
        }
        var lines = new List<(string, string)> { ("Sale", MoneyMath.Display(s.Amount.Value - s.Gratuity - s.Cashback, currency)) };
        if (s.Gratuity > 0)
        {
            lines.Add(("Gratuity", MoneyMath.Display(s.Gratuity, currency)));
        }
        if (s.Cashback > 0)
        {
            lines.Add(("Cashback", MoneyMath.Display(s.Cashback, currency)));
        }
        if (lines.Count > 1)
        {
            lines.Add(("Total", MoneyMath.Display(s.Amount.Value, currency)));
        }
        return lines;
    }
}

/// <summary>Which PDQ controls act now; the others are shown disabled.</summary>
public sealed record PdqControls(bool PresentCard, bool EnterPin, bool PressX, bool DecideSignature, bool RemoveBattery, bool PowerOn, bool GoToMenu, bool LeaveMenu, bool GoOffline, bool GoOnline);
