using System.CommandLine;
using Spectre.Console;
using System.Globalization;
using PayAtCounter.Cli.Hosting;
using PayAtCounter.Cli.Output;
using PayAtCounter.Client.Sandbox;

namespace PayAtCounter.Cli.Commands;

/// <summary><c>pac reset</c>, <c>pac snapshot</c>, <c>pac fault</c>, <c>pac trigger</c>: the sandbox's scenario control.</summary>
internal static class ScenarioCommands
{
    public static Command Reset(PacCli cli)
    {
        var keep = new Option<bool>("--keep-snapshots") { Description = "Keep the account's snapshots" };
        return new Command("reset", """
            Resets the sandbox account: its starting terminals again, and no intents, sessions, subscriptions,
            deliveries or recorded traffic.

            Example:
              pac reset --keep-snapshots
            """).With(keep).Runs(cli, async inv =>
        {
            var reset = await inv.Client.Sandbox.ResetAsync(inv.Get(keep), inv.Cancellation);
            return inv.Show(reset, (console, r) => console.WriteLine($"Reset at {Render.Time(r.ResetAt)}: {r.Terminals} terminals{(r.SnapshotsKept ? ", snapshots kept" : "")}."));
        }, sandbox: true);
    }

    public static Command Snapshot(PacCli cli)
    {
        Argument<string> Name() => new("name") { Description = "The snapshot's name" };
        var takeName = Name();
        var restoreName = Name();
        var deleteName = Name();
        return new Command("snapshot", """
            Saves the account's whole world under a name, and puts it back later (the clock does not go back).

            Examples:
              pac snapshot take before-refunds
              pac snapshot restore before-refunds
            """).With(
            new Command("take", "Saves the account's world as NAME.\n\nExample:\n  pac snapshot take before-refunds").With(takeName).Runs(cli, async inv =>
                inv.Show(await inv.Client.Sandbox.TakeSnapshotAsync(inv.Get(takeName)!, inv.Cancellation), Draw), sandbox: true),
            new Command("list", "The account's snapshots, newest first.\n\nExample:\n  pac snapshot list --json | jq -r '.[].name'").Runs(cli, async inv =>
                inv.Show(await inv.Client.Sandbox.ListSnapshotsAsync(inv.Cancellation), (console, all) => Render.Table(console, ["Name", "Taken", "Rows"],
                    all.Select(s => new[] { s.Name, Render.Time(s.TakenAt), s.Rows.Values.Sum().ToString(CultureInfo.InvariantCulture) }))), sandbox: true),
            new Command("restore", "Puts the world back as snapshot NAME holds it.\n\nExample:\n  pac snapshot restore before-refunds").With(restoreName).Runs(cli, async inv =>
                inv.Show(await inv.Client.Sandbox.RestoreSnapshotAsync(inv.Get(restoreName)!, inv.Cancellation), Draw), sandbox: true),
            new Command("delete", "Deletes snapshot NAME.\n\nExample:\n  pac snapshot delete before-refunds").With(deleteName).Runs(cli, async inv =>
            {
                await inv.Client.Sandbox.DeleteSnapshotAsync(inv.Get(deleteName)!, inv.Cancellation);
                inv.Progress.WriteLine($"Deleted snapshot {inv.Get(deleteName)}.");
                return ExitCodes.Success;
            }, sandbox: true));
    }

    public static Command Fault(PacCli cli)
    {
        var path = new Option<string>("--path") { Description = "Path matched, * for one segment, e.g. /payment-intents/*/refunds", Required = true };
        var method = new Option<string?>("--method") { Description = "HTTP method matched; default: any" };
        var action = new Option<string>("--action") { Description = "Status (answer --status, nothing stored), Delay, DropAfterCommit (stored, no answer) or TimeoutAfterCommit (stored, answer held)", Required = true };
        var status = new Option<int?>("--status") { Description = "With Status: 500, 502, 503 or 429" };
        var delay = new Option<string?>("--delay") { Description = "With Delay: latency added, e.g. 2s" };
        var hold = new Option<string?>("--hold") { Description = "With TimeoutAfterCommit: how long the answer is held, e.g. 40s" };
        var count = new Option<int?>("--count") { Description = "Calls it applies to; default: 1" };
        var probability = new Option<double?>("--probability") { Description = "Chance it applies to a matching call, 0–1" };
        var add = new Command("add", """
            Adds a fault rule on calls to Dojo's API.

            Examples:
              pac fault add --method POST --path /payment-intents --action Status --status 503
              pac fault add --path /payment-intents/*/refunds --action DropAfterCommit
            """).With(path, method, action, status, delay, hold, count, probability).Runs(cli, async inv =>
        {
            var rule = await inv.Client.Sandbox.AddFaultAsync(new FaultRuleRequest
            {
                Path = inv.Get(path), Method = inv.Get(method)?.ToUpperInvariant(), Action = inv.Get(action), Status = inv.Get(status),
                Delay = inv.Get(delay) is { } d ? Inputs.Api(Inputs.Duration(d, "--delay")) : null,
                Hold = inv.Get(hold) is { } h ? Inputs.Api(Inputs.Duration(h, "--hold")) : null,
                Count = inv.Get(count) ?? 1, Probability = inv.Get(probability),
            }, inv.Cancellation);
            return inv.Show(rule, (console, r) => console.WriteLine($"Fault rule {r.Id}: {r.Method ?? "any"} {r.Path} -> {r.Action}{(r.Status is { } s ? " " + s : "")}, {(r.Count is { } c ? c + " call(s)" : "every call")}."));
        }, sandbox: true);
        var list = new Command("list", "The account's fault rules, in the order they are tried.\n\nExample:\n  pac fault list").Runs(cli, async inv =>
            inv.Show(await inv.Client.Sandbox.ListFaultsAsync(inv.Cancellation), (console, all) => Render.Table(console, ["ID", "Method", "Path", "Action", "Left", "Active"],
                all.Select(r => new[] { r.Id, r.Method ?? "any", r.Path, r.Action + (r.Status is { } s ? " " + s : ""), r.Remaining?.ToString(CultureInfo.InvariantCulture) ?? "-", r.Active ? "yes" : "no" }))), sandbox: true);
        var id = new Argument<string>("id") { Description = "The rule's id (flt_…)" };
        var remove = new Command("remove", "Removes a fault rule.\n\nExample:\n  pac fault remove flt_…").With(id).Runs(cli, async inv =>
        {
            await inv.Client.Sandbox.RemoveFaultAsync(inv.Get(id)!, inv.Cancellation);
            inv.Progress.WriteLine($"Removed fault rule {inv.Get(id)}.");
            return ExitCodes.Success;
        }, sandbox: true);
        return new Command("fault", "Fault rules: make the API fail, slow down or lose answers, to test the till's recovery.\n\nExamples:\n  pac fault add --method POST --path /payment-intents --action Status --status 503\n  pac fault list").With(add, list, remove);
    }

    public static Command Trigger(PacCli cli)
    {
        Command On(string name, string description, Func<SandboxClient, string, CancellationToken, Task<PayAtCounter.Contracts.TerminalSession>> act)
        {
            var session = new Argument<string>("session") { Description = "The running terminal session (ts_…)" };
            return new Command(name, description).With(session).Runs(cli, async inv =>
                inv.Show(await act(inv.Client.Sandbox, inv.Get(session)!, inv.Cancellation), ReadCommands.ShowSession), sandbox: true);
        }
        return new Command("trigger", """
            Makes something happen to a running session now.

            Examples:
              pac trigger expire ts_sandbox_1a2b…
              pac trigger decline ts_sandbox_1a2b…
            """).With(
            On("expire", "Expires the session, as when Dojo loses the terminal.\n\nExample:\n  pac trigger expire ts_sandbox_1a2b…", (s, id, ct) => s.ExpireSessionAsync(id, ct)),
            On("decline", "The issuer declines the session's card, whatever the terminal's script.\n\nExample:\n  pac trigger decline ts_sandbox_1a2b…", (s, id, ct) => s.DeclineSessionAsync(id, ct)),
            On("present-card", "A card is presented to the session now, whatever its terminal's mode.\n\nExample:\n  pac trigger present-card ts_sandbox_1a2b…", (s, id, ct) => s.PresentCardToSessionAsync(id, null, ct)));
    }

    private static void Draw(Spectre.Console.IAnsiConsole console, SandboxSnapshot s)
        => Render.Fields(console, ("Snapshot", s.Name), ("Taken", Render.Time(s.TakenAt)), ("Rows", string.Join(", ", s.Rows.Select(r => $"{r.Key} {r.Value}"))));
}
