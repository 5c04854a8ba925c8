using System.CommandLine;
using Spectre.Console;
using PayAtCounter.Cli.Hosting;
using PayAtCounter.Cli.Output;
using PayAtCounter.Contracts;

namespace PayAtCounter.Cli.Commands;

/// <summary><c>pac terminals</c>, <c>pac intents list|get</c>, <c>pac sessions get|watch</c>: reads of Dojo's API.</summary>
internal static class ReadCommands
{
    public static Command Terminals(PacCli cli)
    {
        var status = new Option<TerminalStatus[]>("--status") { Description = "Only terminals with this status (Available, Busy, Offline); repeatable", AllowMultipleArgumentsPerToken = true };
        return new Command("terminals", """
            The account's card terminals, with their TIDs and availability.

            Examples:
              pac terminals
              pac terminals --status Available --json | jq -r '.[].id'
            """).With(status).Runs(cli, async inv =>
        {
            var terminals = await inv.Client.Terminals.ListAsync(inv.Get(status), inv.Cancellation);
            return inv.Show(terminals, (console, list) => Render.Table(console, ["ID", "TID", "Status", "Updated"],
                list.Select(t => new[] { t.Id, t.Properties.Tid, Render.Wire(t.Status), Render.Time(t.UpdatedAt) })));
        });
    }

    public static Command Intents(PacCli cli)
    {
        var status = new Option<PaymentIntentStatus[]>("--status") { Description = "Only intents with this status (Created, Authorized, Captured, Reversed, Refunded, Canceled); repeatable", AllowMultipleArgumentsPerToken = true };
        var since = new Option<string?>("--since") { Description = "Only intents created since: a duration back (2h, 30m, 7d) or a time (2026-12-06T09:00:00Z)", HelpName = "WHEN" };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first", DefaultValueFactory = _ => 20 };
        var list = new Command("list", """
            Payment intents, newest first.

            Examples:
              pac intents list --since 2h
              pac intents list --status Captured --limit 5 --json | jq -r '.[].id'
            """).With(status, since, limit).Runs(cli, async inv =>
        {
            var request = new SearchPaymentIntentRequest
            {
                Statuses = inv.Get(status) is { Length: > 0 } statuses ? [.. statuses] : null,
                StartDate = Since(inv.Get(since)),
                Cursor = new Cursor { Limit = Math.Min(Math.Max(inv.Get(limit), 1), 100) },
            };
            var intents = new List<PaymentIntent>();
            await foreach (var intent in inv.Client.PaymentIntents.SearchAllAsync(request, inv.Cancellation))
            {
                intents.Add(intent);
                if (intents.Count >= inv.Get(limit))
                {
                    break;
                }
            }
            return inv.Show(intents, (console, all) => Render.Table(console, ["ID", "Created", "Status", "Total", "Reference"],
                all.Select(i => new[] { i.Id, Render.Time(i.CreatedAt), Render.Wire(i.Status), Render.Amount(i.TotalAmount), i.Reference })), fromLastCall: false);
        });

        var id = new Argument<string>("id") { Description = "The payment intent's id (pi_…)" };
        var get = new Command("get", """
            One payment intent: amounts, status, and its payment events.

            Example:
              pac intents get pi_sandbox_4kT9… --json | jq .status
            """).With(id).Runs(cli, async inv =>
        {
            var intent = await inv.Client.PaymentIntents.GetAsync(inv.Get(id)!, returnCanceled: true, inv.Cancellation);
            return inv.Show(intent, ShowIntent);
        });
        return new Command("intents", """
            Payment intents: list and get.

            Examples:
              pac intents list --since 2h
              pac intents get pi_sandbox_4kT9…
            """).With(list, get);
    }

    public static Command Sessions(PacCli cli)
    {
        var id = new Argument<string>("id") { Description = "The terminal session's id (ts_…)" };
        var get = new Command("get", """
            One terminal session: its status, the terminal's notifications and the status history.

            Example:
              pac sessions get ts_sandbox_1a2b… --json | jq .status
            """).With(id).Runs(cli, async inv =>
        {
            var session = await inv.Client.TerminalSessions.GetAsync(inv.Get(id)!, inv.Cancellation);
            return inv.Show(session, ShowSession);
        });
        var watchId = new Argument<string>("id") { Description = "The terminal session's id (ts_…)" };
        var signature = SessionWatcher.SignatureOption();
        var watch = new Command("watch", """
            Follows a terminal session live, polling once a second, until its final status. Answers a signature
            request as --signature says, or asks. Exits with the outcome's code (0 paid; see pac --help).

            Example:
              pac sessions watch ts_sandbox_1a2b…
            """).With(watchId, signature).Runs(cli, async inv =>
        {
            var session = await new SessionWatcher(inv, inv.Get(signature)).WatchAsync(inv.Get(watchId)!, null);
            return SessionWatcher.Finish(inv, session);
        });
        return new Command("sessions", """
            Terminal sessions: get and watch.

            Examples:
              pac sessions get ts_sandbox_1a2b…
              pac sessions watch ts_sandbox_1a2b… --signature accept
            """).With(get, watch);
    }

    internal static void ShowIntent(Spectre.Console.IAnsiConsole console, PaymentIntent i)
    {
        Render.Fields(console,
            ("ID", i.Id), ("Status", Render.Wire(i.Status)), ("Reference", i.Reference), ("Capture mode", i.CaptureMode is { } mode ? Render.Wire(mode) : null),
            ("Amount", Render.Amount(i.Amount)), ("Gratuity", Render.Amount(i.TipsAmount)), ("Cashback", Render.Amount(i.CashbackAmount)),
            ("Total", Render.Amount(i.TotalAmount)), ("Refunded", i.RefundedAmount is > 0 and var refunded ? Render.Amount(refunded, i.TotalAmount?.CurrencyCode) : null),
            ("Card holder", i.CardHolderNotPresent ? "not present (MOTO)" : null), ("Created", Render.Time(i.CreatedAt)), ("Updated", Render.Time(i.UpdatedAt)));
        if (i.PaymentEvents is { Count: > 0 } events)
        {
            console.WriteLine();
            Render.Table(console, ["Event", "At", "Card", "Auth code"], events.Select(e => new[] { Render.Wire(e.EventType), e.TransactionDateTime, e.CardNumber, e.AuthCode }));
        }
    }

    internal static void ShowSession(Spectre.Console.IAnsiConsole console, TerminalSession s)
    {
        var details = s.Details;
        Render.Fields(console,
            ("ID", s.Id), ("Status", Render.Wire(s.Status)), ("Type", details?.SessionType is { } type ? Render.Wire(type) : null), ("Terminal", s.TerminalId),
            ("Payment intent", details?.Sale?.PaymentIntentId ?? details?.MatchedRefund?.PaymentIntentId),
            ("Amount", Render.Amount(details?.MatchedRefund?.Amount ?? details?.UnlinkedRefund?.Amount)),
            ("Created", Render.Time(s.CreatedAt)), ("Expires", Render.Time(s.ExpireAt)));
        console.WriteLine();
        Render.Table(console, ["At", "Status / notification"],
            s.StatusEvents.Select(e => (e.CreatedAt, Render.Wire(e.Status)))
                .Concat(s.NotificationEvents.Select(n => (n.CreatedAt, "· " + n.NotificationType)))
                .OrderBy(e => e.Item1).Select(e => new[] { Render.Time(e.Item1), e.Item2 }));
    }

    private static DateTimeOffset? Since(string? text)
    {
        if (text is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time) && text.Contains('-'))
        {
            return time;
        }
        return DateTimeOffset.UtcNow - Inputs.Duration(text, "--since");
    }
}
