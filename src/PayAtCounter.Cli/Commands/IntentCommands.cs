using System.CommandLine;
using PayAtCounter.Cli.Hosting;
using PayAtCounter.Cli.Output;
using PayAtCounter.Contracts;

namespace PayAtCounter.Cli.Commands;

/// <summary><c>pac capture</c>, <c>pac reverse</c>, <c>pac cancel</c>: one call each on an intent or a session.</summary>
internal static class IntentCommands
{
    public static Command Capture(PacCli cli)
    {
        var id = new Argument<string>("payment-intent") { Description = "The authorized payment intent (pi_…)" };
        var amount = new Option<string?>("--amount", "-a") { Description = "Capture less than was authorized, e.g. 80.00; default: all of it" };
        return new Command("capture", """
            Captures an authorized pre-authorization (a sale made with --manual), in full or in part.

            Examples:
              pac capture pi_sandbox_4kT9…
              pac capture pi_sandbox_4kT9… --amount 80.00
            """).With(id, amount).Runs(cli, async inv =>
        {
            // Dojo's capture needs its amount: all of the authorization unless --amount says less.
            var minor = inv.Get(amount) is { } text ? Inputs.Amount(text, "--amount")
                : (await inv.Client.PaymentIntents.GetAsync(inv.Get(id)!, cancellationToken: inv.Cancellation)).TotalAmount?.Value;
            var request = new CreateCaptureRequest { Amount = minor };
            var capture = await inv.Client.PaymentIntents.CaptureAsync(inv.Get(id)!, request, inv.Cancellation);
            return inv.Show(capture, (console, c) => Render.Fields(console, ("Capture", c.CaptureId), ("Payment intent", inv.Get(id)), ("Message", c.Message)));
        });
    }

    public static Command Reverse(PacCli cli)
    {
        var id = new Argument<string>("payment-intent") { Description = "The authorized or captured payment intent (pi_…)" };
        return new Command("reverse", """
            Reverses a payment: releases an authorization, or voids a capture.

            Example:
              pac reverse pi_sandbox_4kT9…
            """).With(id).Runs(cli, async inv =>
        {
            var reversal = await inv.Client.PaymentIntents.ReverseAsync(inv.Get(id)!, inv.Cancellation);
            return inv.Show(reversal, (console, r) => Render.Fields(console, ("Reversal", r.ReversalId), ("Payment intent", inv.Get(id)), ("Message", r.Message)));
        });
    }

    public static Command Cancel(PacCli cli)
    {
        var id = new Argument<string>("id") { Description = "A terminal session (ts_…) to cancel on its terminal, or a payment intent (pi_…) still Created" };
        return new Command("cancel", """
            Cancels a terminal session (possible until a card is presented) or a payment intent that was never paid.

            Examples:
              pac cancel ts_sandbox_1a2b…
              pac cancel pi_sandbox_4kT9…
            """).With(id).Runs(cli, async inv =>
        {
            var target = inv.Get(id)!;
            if (target.StartsWith("ts_", StringComparison.Ordinal))
            {
                var session = await inv.Client.TerminalSessions.CancelAsync(target, inv.Cancellation);
                return inv.Show(session, ReadCommands.ShowSession);
            }
            if (target.StartsWith("pi_", StringComparison.Ordinal))
            {
                var intent = await inv.Client.PaymentIntents.CancelAsync(target, inv.Cancellation);
                return inv.Show(intent, ReadCommands.ShowIntent);
            }
            throw new PacException($"'{target}' is neither a terminal session (ts_…) nor a payment intent (pi_…)");
        });
    }
}
