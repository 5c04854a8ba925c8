using System.CommandLine;
using PayAtCounter.Cli.Hosting;
using PayAtCounter.Cli.Output;
using PayAtCounter.Client.Sandbox;
using PayAtCounter.Contracts;

namespace PayAtCounter.Cli.Commands;

/// <summary><c>pac terminal …</c>: drive the sandbox's virtual terminals as the person at the counter would.</summary>
internal static class TerminalCommand
{
    public static Command Build(PacCli cli)
    {
        var list = new Command("list", """
            The virtual terminals with their mode, state and running session.

            Example:
              pac terminal list --json | jq -r '.[] | select(.liveSessionId) | .tid'
            """).Runs(cli, async inv =>
        {
            var terminals = await inv.Client.Sandbox.ListTerminalsAsync(inv.Cancellation);
            return inv.Show(terminals, (console, all) => Render.Table(console, ["ID", "TID", "Name", "Status", "Mode", "Session"],
                all.Select(t => new[] { t.Id, t.Tid, t.Name, t.Status + (t.BusyInMenu ? " (in menu)" : ""), t.Mode, t.LiveSessionId })));
        }, sandbox: true);

        var tid = new Option<string>("--tid") { Description = "Its TID; the suffix picks its script: SIP0 asks for a signature, DIP0 declines, TIP0 times out, SIS0 asks for a signature on refunds; any other approves", Required = true };
        var name = new Option<string?>("--name") { Description = "Its name" };
        var interactive = new Option<bool>("--interactive") { Description = "Wait for a card presented by hand (pac terminal present-card, or the dashboard)" };
        var add = new Command("add", """
            Adds a virtual terminal.

            Examples:
              pac terminal add --tid BAR0APP1 --name "Bar"
              pac terminal add --tid TILL2PDQ1 --interactive
            """).With(tid, name, interactive).Runs(cli, async inv =>
        {
            var terminal = await inv.Client.Sandbox.AddTerminalAsync(new VirtualTerminalChange { Tid = inv.Get(tid), Name = inv.Get(name), Mode = inv.Get(interactive) ? "Interactive" : null }, inv.Cancellation);
            return inv.Show(terminal, Draw);
        }, sandbox: true);

        var leave = new Option<bool>("--leave") { Description = "Back to the idle screen" };
        var entryMode = new Option<string?>("--entry-mode") { Description = "ContactChip (default), Contactless, ManualEntry or Magstripe" };
        var outcome = new Option<string?>("--outcome") { Description = "Approve, Decline, Signature or Disconnect; default: the terminal's plan, or Approve" };
        var cardType = new Option<string?>("--card-type") { Description = "VISA (default), MASTERCARD, MAESTRO or AMEX" };
        return new Command("terminal", """
            Virtual terminals of the sandbox: add one, take it offline, leave it in its menu, and on an
            interactive terminal present a card, enter the PIN or press X. A terminal is named by its id or the
            end of its TID.

            Examples:
              pac terminal offline APP1
              pac terminal present-card PDQ1 --entry-mode Contactless
              pac terminal enter-pin PDQ1
            """).With(
            list, add,
            Change(cli, "offline", "Takes the terminal offline: new sessions are refused as Dojo refuses them.\n\nExample:\n  pac terminal offline APP1", new VirtualTerminalChange { Offline = true }),
            Change(cli, "online", "Brings the terminal back online.\n\nExample:\n  pac terminal online APP1", new VirtualTerminalChange { Offline = false }),
            Change(cli, "menu", "Leaves the terminal in its menu, busy (--leave: back to the idle screen).\n\nExamples:\n  pac terminal menu APP1\n  pac terminal menu APP1 --leave", new VirtualTerminalChange { BusyInMenu = true }, leave),
            Act(cli, "present-card", "Presents a card to the session the interactive terminal runs.\n\nExamples:\n  pac terminal present-card PDQ1\n  pac terminal present-card PDQ1 --entry-mode Contactless --outcome Decline", (inv, id) => inv.Client.Sandbox.PresentCardAsync(id, new PresentedCard { EntryMode = inv.Get(entryMode), Outcome = inv.Get(outcome), CardType = inv.Get(cardType) }, inv.Cancellation), entryMode, outcome, cardType),
            Power(cli, "power-off", "Pulls the terminal's battery: its running session expires a few seconds later.\n\nExample:\n  pac terminal power-off APP1", (inv, id) => inv.Client.Sandbox.PowerOffAsync(id, inv.Cancellation)),
            Power(cli, "power-on", "Switches the terminal back on.\n\nExample:\n  pac terminal power-on APP1", (inv, id) => inv.Client.Sandbox.PowerOnAsync(id, inv.Cancellation)),
            Plan(cli),
            Act(cli, "enter-pin", "The customer enters the PIN on the interactive terminal.\n\nExample:\n  pac terminal enter-pin PDQ1", (inv, id) => inv.Client.Sandbox.EnterPinAsync(id, inv.Cancellation)),
            Act(cli, "press-x", "Someone presses X on the interactive terminal (before a card is presented).\n\nExample:\n  pac terminal press-x PDQ1", (inv, id) => inv.Client.Sandbox.PressCancelAsync(id, inv.Cancellation)));
    }

    private static Command Change(PacCli cli, string name, string description, VirtualTerminalChange change, Option<bool>? leave = null)
    {
        var terminal = new Argument<string>("terminal") { Description = "Its id or the end of its TID" };
        var command = new Command(name, description).With(terminal);
        if (leave is not null)
        {
            command.Options.Add(leave);
        }
        return command.Runs(cli, async inv =>
        {
            var id = await ResolveAsync(inv, inv.Get(terminal)!);
            var applied = leave is not null && inv.Get(leave) ? new VirtualTerminalChange { BusyInMenu = false } : change;
            var changed = await inv.Client.Sandbox.ChangeTerminalAsync(id, applied, inv.Cancellation);
            return inv.Show(changed, Draw);
        }, sandbox: true);
    }

    private static Command Act(PacCli cli, string name, string description, Func<Invocation, string, Task<TerminalSession>> act, params Option[] options)
    {
        var terminal = new Argument<string>("terminal") { Description = "Its id or the end of its TID" };
        var command = new Command(name, description).With(terminal);
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
        return command.Runs(cli, async inv =>
        {
            var session = await act(inv, await ResolveAsync(inv, inv.Get(terminal)!));
            return inv.Show(session, (console, s) => Render.Fields(console, ("Session", s.Id), ("Status", Render.Wire(s.Status)),
                ("Showing", s.NotificationEvents.LastOrDefault()?.NotificationType)));
        }, sandbox: true);
    }

    private static Command Power(PacCli cli, string name, string description, Func<Invocation, string, Task<VirtualTerminal>> act)
    {
        var terminal = new Argument<string>("terminal") { Description = "Its id or the end of its TID" };
        return new Command(name, description).With(terminal).Runs(cli, async inv =>
            inv.Show(await act(inv, await ResolveAsync(inv, inv.Get(terminal)!)), Draw), sandbox: true);
    }

    private static Command Plan(PacCli cli)
    {
        var terminal = new Argument<string>("terminal") { Description = "Its id or the end of its TID" };
        var outcome = new Option<string?>("--outcome") { Description = "Approve, Decline, Signature or Disconnect" };
        var cardAfter = new Option<string?>("--card-after") { Description = "Scripted terminals: a card comes this long after the terminal asks, e.g. 40s (at most 5m)" };
        var disconnect = new Option<bool>("--disconnect-after-card") { Description = "The card is approved and the intent paid, then the terminal drops off and the session expires" };
        var pins = new Option<int?>("--pin-attempts") { Description = "PIN entries, 1-3, the last one right" };
        var clear = new Option<bool>("--clear") { Description = "Forget the plan: the terminal plays its script again" };
        return new Command("plan", """
            Sets what the terminal's next session does instead of its script.

            Examples:
              pac terminal plan APP1 --outcome Decline
              pac terminal plan APP1 --card-after 40s --pin-attempts 3
              pac terminal plan APP1 --disconnect-after-card
              pac terminal plan APP1 --clear
            """).With(terminal, outcome, cardAfter, disconnect, pins, clear).Runs(cli, async inv =>
        {
            var id = await ResolveAsync(inv, inv.Get(terminal)!);
            var changed = inv.Get(clear)
                ? await inv.Client.Sandbox.ClearNextSessionAsync(id, inv.Cancellation)
                : await inv.Client.Sandbox.PlanNextSessionAsync(id, new NextSessionPlan
                {
                    Outcome = inv.Get(outcome),
                    CardAfter = inv.Get(cardAfter) is { } after ? Inputs.Api(Inputs.Duration(after, "--card-after")) : null,
                    Disconnect = inv.Get(disconnect) ? "AfterCard" : null,
                    PinAttempts = inv.Get(pins),
                }, inv.Cancellation);
            return inv.Show(changed, (console, t) => Render.Fields(console, ("Terminal", t.Tid),
                ("Next session", t.NextSession is { } plan ? string.Join(", ", new[] { plan.Outcome, plan.CardAfter is { } a ? "card after " + a : null, plan.Disconnect is not null ? "drops off after the card" : null, plan.PinAttempts is { } n ? $"{n} PIN attempts" : null }.Where(x => x is not null)) : "its script")));
        }, sandbox: true);
    }

    private static async Task<string> ResolveAsync(Invocation inv, string text)
    {
        var terminals = await inv.Client.Sandbox.ListTerminalsAsync(inv.Cancellation);
        return Terminals.Pick(terminals.Select(t => (t.Id, t.Tid)).ToList(), text).Id;
    }

    private static void Draw(Spectre.Console.IAnsiConsole console, VirtualTerminal t)
        => Render.Fields(console, ("ID", t.Id), ("TID", t.Tid), ("Name", t.Name), ("Status", t.Status), ("Mode", t.Mode),
            ("Offline", t.Offline ? "yes" : null), ("In menu", t.BusyInMenu ? "yes" : null), ("Session", t.LiveSessionId));
}
