using System.CommandLine;
using PayAtCounter.Cli.Hosting;
using PayAtCounter.Cli.Output;
using PayAtCounter.Client.Sandbox;

namespace PayAtCounter.Cli.Commands;

/// <summary><c>pac clock</c>: read the sandbox clock, move it forward.</summary>
internal static class ClockCommand
{
    public static Command Build(PacCli cli)
    {
        var show = new Command("show", """
            Sandbox time, its speed, and how far it was moved.

            Example:
              pac clock show --json | jq .now
            """).Runs(cli, ShowAsync, sandbox: true);
        var by = new Argument<string>("duration") { Description = "How far: 80s, 5m, 2h, 30d or 00:01:20" };
        var advance = new Command("advance", """
            Moves sandbox time forward and runs everything that became due: timeouts, expiries, retries.

            Examples:
              pac clock advance 80s      (a signature request times out)
              pac clock advance 30d      (a pre-authorization expires)
            """).With(by).Runs(cli, async inv =>
        {
            var clock = await inv.Client.Sandbox.AdvanceClockAsync(Inputs.Duration(inv.Get(by)!, "duration"), inv.Cancellation);
            return inv.Show(clock, (console, c) => Render.Fields(console, ("Now", Render.Time(c.Now)), ("Advanced by", c.AdvancedBy), ("Transitions run", c.TransitionsRun.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }, sandbox: true);
        var factor = new Argument<double>("factor") { Description = "Sandbox seconds per real second" };
        var speed = new Command("speed", """
            Changes the clock's speed: not possible on a running server, so this says how to start one at that speed.

            Example:
              pac serve --clock-speed 20      (instead of: pac clock speed 20)
            """).With(factor).Runs(cli, async inv =>
        {
            var clock = await inv.Client.Sandbox.GetClockAsync(inv.Cancellation);
            throw new PacException($"the server cannot change its clock speed while it runs (it runs at {clock.Speed}); restart it with `pac serve --clock-speed {inv.Get(factor)}`, or use `pac clock advance`", ExitCodes.ApiError);
        }, sandbox: true);
        var command = new Command("clock", """
            The sandbox clock: show it, or move it forward.

            Examples:
              pac clock
              pac clock advance 80s
            """).With(show, advance, speed);
        return command.Runs(cli, ShowAsync, sandbox: true);
    }

    private static async Task<int> ShowAsync(Invocation inv)
    {
        var clock = await inv.Client.Sandbox.GetClockAsync(inv.Cancellation);
        return inv.Show(clock, Draw);
    }

    private static void Draw(Spectre.Console.IAnsiConsole console, SandboxClock clock)
        => Render.Fields(console, ("Now", Render.Time(clock.Now)), ("Speed", clock.Speed == 0 ? "frozen (0)" : $"{clock.Speed}x"), ("Advanced by", clock.AdvancedBy));
}
