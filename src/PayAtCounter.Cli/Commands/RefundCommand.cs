using System.CommandLine;
using Spectre.Console;
using PayAtCounter.Cli.Hosting;
using PayAtCounter.Cli.Output;
using PayAtCounter.Contracts;

namespace PayAtCounter.Cli.Commands;

/// <summary><c>pac refund</c>: through the API with an idempotency key, or on a terminal (matched or unlinked).</summary>
internal static class RefundCommand
{
    public static Command Build(PacCli cli)
    {
        var intentArgument = new Argument<string?>("payment-intent") { Description = "The captured payment intent to refund through the API (pi_…)", Arity = ArgumentArity.ZeroOrOne };
        var amount = new Option<string?>("--amount", "-a") { Description = "How much, e.g. 5.00; default: all that is left to refund" };
        var currency = new Option<string>("--currency") { Description = "Currency of an unlinked refund", DefaultValueFactory = _ => "GBP" };
        var reason = new Option<string?>("--reason") { Description = "Why (refundReason)" };
        var key = new Option<string?>("--idempotency-key") { Description = "Repeat a refund safely: the same key returns the first refund instead of refunding twice; generated and shown when left out" };
        var terminal = new Option<string?>("--terminal", "-t") { Description = "Refund on a terminal instead: its id or TID suffix. With --intent a matched refund, without one an unlinked refund" };
        var intentOption = new Option<string?>("--intent") { Description = "With --terminal: the payment intent to refund (a matched refund)" };
        var signature = SessionWatcher.SignatureOption();
        return new Command("refund", """
            Refunds a payment. Through the API (give the payment intent) the refund is immediate, and carries an
            idempotency key so a retry never refunds twice. On a terminal (--terminal) the card is presented: a
            matched refund of an intent (--intent), or an unlinked refund of any amount (--amount).

            Examples:
              pac refund pi_sandbox_4kT9… --amount 5.00 --reason "cold coffee"
              pac refund pi_sandbox_4kT9… --idempotency-key pac-3f2c…     (a safe retry)
              pac refund --terminal APP1 --intent pi_sandbox_4kT9…
              pac refund --terminal APP1 --amount 7.50
            """).With(intentArgument, amount, currency, reason, key, terminal, intentOption, signature).Runs(cli, async inv =>
        {
            if (inv.Get(terminal) is { } terminalText)
            {
                return await OnTerminalAsync(inv, terminalText, inv.Get(intentOption) ?? inv.Get(intentArgument), inv.Get(amount), inv.Get(currency)!, inv.Get(signature));
            }
            var intentId = inv.Get(intentArgument) ?? inv.Get(intentOption)
                ?? throw new PacException("give the payment intent to refund (pac refund pi_…), or --terminal to refund on a terminal");
            var intent = await inv.Client.PaymentIntents.GetAsync(intentId, cancellationToken: inv.Cancellation);
            var minor = inv.Get(amount) is { } text ? Inputs.Amount(text, "--amount") : Remaining(intent);
            var idempotencyKey = inv.Get(key) ?? "pac-" + Guid.NewGuid().ToString("N");
            inv.Progress.WriteLine($"Refunding {Render.Amount(minor, intent.TotalAmount?.CurrencyCode)} of {intentId} with idempotency key {idempotencyKey}");
            var refund = await inv.Client.PaymentIntents.RefundAsync(intentId, new CreateRefundRequest { Amount = minor, RefundReason = inv.Get(reason) }, idempotencyKey, inv.Cancellation);
            return inv.Show(refund, (console, r) => Render.Fields(console,
                ("Refund", r.RefundId), ("Payment intent", r.PaymentIntentId), ("Amount", Render.Amount(minor, intent.TotalAmount?.CurrencyCode)),
                ("Reason", r.RefundReason), ("Idempotency key", idempotencyKey), ("Message", r.Message)));
        });
    }

    private static async Task<int> OnTerminalAsync(Invocation inv, string terminalText, string? intentId, string? amountText, string currency, string? signature)
    {
        var (terminalId, tid) = await Terminals.ResolveAsync(inv, terminalText);
        TerminalSessionDetails details;
        if (intentId is not null)
        {
            var intent = await inv.Client.PaymentIntents.GetAsync(intentId, cancellationToken: inv.Cancellation);
            var minor = amountText is not null ? Inputs.Amount(amountText, "--amount") : Remaining(intent);
            details = new TerminalSessionDetails
            {
                SessionType = TerminalSessionType.MatchedRefund,
                MatchedRefund = new TerminalSessionMatchedRefundDetails { PaymentIntentId = intentId, Amount = new Money(minor, intent.TotalAmount?.CurrencyCode ?? currency) },
            };
            inv.Progress.WriteLine($"Matched refund of {Render.Amount(minor, intent.TotalAmount?.CurrencyCode)} of {intentId}");
        }
        else
        {
            var minor = Inputs.Amount(amountText ?? throw new PacException("an unlinked refund on a terminal needs --amount (or --intent for a matched refund)"), "--amount");
            details = new TerminalSessionDetails
            {
                SessionType = TerminalSessionType.UnlinkedRefund,
                UnlinkedRefund = new TerminalSessionUnlinkedRefundDetails { Amount = new Money(minor, currency.ToUpperInvariant()) },
            };
            inv.Progress.WriteLine($"Unlinked refund of {Render.Amount(minor, currency.ToUpperInvariant())}");
        }
        var session = await inv.Client.TerminalSessions.CreateAsync(new CreateTerminalSessionRequest { TerminalId = terminalId, Details = details }, inv.Cancellation);
        var final = await new SessionWatcher(inv, signature).WatchAsync(session.Id, tid);
        return SessionWatcher.Finish(inv, final);
    }

    // What is left to refund of a captured intent: the whole when nothing was, otherwise the rest.
    private static long Remaining(PaymentIntent intent)
    {
        var left = (intent.TotalAmount?.Value ?? 0) - (intent.RefundedAmount ?? 0);
        return left > 0 ? left : throw new PacException($"{intent.Id} has nothing left to refund (status {Render.Wire(intent.Status)})", ExitCodes.ApiError);
    }
}
