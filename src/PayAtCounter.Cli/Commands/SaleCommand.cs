using System.CommandLine;
using Spectre.Console;
using PayAtCounter.Cli.Hosting;
using PayAtCounter.Cli.Output;
using PayAtCounter.Contracts;

namespace PayAtCounter.Cli.Commands;

/// <summary><c>pac sale</c>: a payment intent and a sale on a terminal, watched live to its end.</summary>
internal static class SaleCommand
{
    public static Command Build(PacCli cli)
    {
        var terminal = new Option<string>("--terminal", "-t") { Description = "The terminal: its id (tm_…) or the end of its TID (APP1)", Required = true };
        var amount = new Option<string>("--amount", "-a") { Description = "The amount, e.g. 12.50", Required = true };
        var currency = new Option<string>("--currency") { Description = "ISO currency code", DefaultValueFactory = _ => "GBP" };
        var manual = new Option<bool>("--manual") { Description = "Pre-authorize only (capture mode Manual): capture later with pac capture" };
        var cashback = new Option<string?>("--cashback") { Description = "Cashback to give, e.g. 20.00" };
        var gratuity = new Option<string?>("--gratuity") { Description = "Gratuity (tip) to add, e.g. 1.50" };
        var reference = new Option<string?>("--reference") { Description = "The till's reference for the sale" };
        var moto = new Option<bool>("--moto") { Description = "Card holder not present: the card details are keyed in (MOTO)" };
        var signature = SessionWatcher.SignatureOption();
        return new Command("sale", """
            Takes a card payment on a terminal: creates the payment intent, starts the sale, and shows the
            terminal's progress live until the final status. Exits 0 when paid (Captured; Authorized for a
            --manual pre-authorization), otherwise with the outcome's code: 5 declined, 6 canceled, 7 expired,
            8 signature rejected.
            Ctrl-C asks the terminal to cancel.

            Examples:
              pac sale --terminal APP1 --amount 12.50
              pac sale -t SIP0 -a 40.00 --signature reject
              pac sale -t PDQ1 -a 8.20 --gratuity 1.00 --cashback 20.00
              pac sale -t APP1 -a 100.00 --manual --json | jq -r .details.sale.paymentIntentId
            """).With(terminal, amount, currency, manual, cashback, gratuity, reference, moto, signature).Runs(cli, async inv =>
        {
            var code = inv.Get(currency)!.ToUpperInvariant();
            var request = new CreatePaymentIntentRequest
            {
                Amount = new Money(Inputs.Amount(inv.Get(amount)!, "--amount"), code),
                CaptureMode = inv.Get(manual) ? CaptureMode.Manual : CaptureMode.Auto,
                Reference = inv.Get(reference) ?? $"pac sale {DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}",
                TipsAmount = inv.Get(gratuity) is { } tip ? new Money(Inputs.Amount(tip, "--gratuity"), code) : null,
                CashbackAmount = inv.Get(cashback) is { } back ? new Money(Inputs.Amount(back, "--cashback"), code) : null,
                CardHolderNotPresent = inv.Get(moto) ? true : null,
            };
            var (terminalId, tid) = await Terminals.ResolveAsync(inv, inv.Get(terminal)!);
            var intent = await inv.Client.PaymentIntents.CreateAsync(request, inv.Cancellation);
            inv.Progress.WriteLine($"Payment intent {intent.Id}: {Render.Amount(intent.Amount)}"
                + (intent.TipsAmount is { Value: > 0 } ? $" + gratuity {Render.Amount(intent.TipsAmount)}" : "")
                + (intent.CashbackAmount is { Value: > 0 } ? $" + cashback {Render.Amount(intent.CashbackAmount)}" : "")
                + $" = {Render.Amount(intent.TotalAmount)}" + (inv.Get(manual) ? " (pre-authorization)" : ""));
            var session = await inv.Client.TerminalSessions.CreateSaleAsync(terminalId, intent.Id!, inv.Cancellation);
            var final = await new SessionWatcher(inv, inv.Get(signature)).WatchAsync(session.Id, tid);
            return SessionWatcher.Finish(inv, final);
        });
    }
}
