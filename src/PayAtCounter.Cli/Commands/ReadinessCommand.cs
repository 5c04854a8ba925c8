using System.CommandLine;
using Spectre.Console;
using PayAtCounter.Cli.Hosting;
using PayAtCounter.Cli.Output;

namespace PayAtCounter.Cli.Commands;

/// <summary><c>pac readiness</c>: the go-live readiness report of the till's traffic, and readiness runs.</summary>
internal static class ReadinessCommand
{
    public static Command Build(PacCli cli)
    {
        var format = new Option<string?>("--format") { Description = "md (default), html or json (also --json)" }.AcceptOnlyFromAmong("md", "html", "json");
        var output = new Option<string?>("--out", "-o") { Description = "Write the report to this file instead of the screen" };
        var run = new Option<string?>("--run") { Description = "A past run's id; default: the current run" };
        var name = new Argument<string>("name") { Description = "What this run grades, e.g. 'Till 4.2 certification'" };
        var posVersion = new Option<string?>("--pos-version") { Description = "The till version under test" };
        var start = new Command("start", """
            Starts a readiness run: from now on, the report grades only this traffic.

            Example:
              pac readiness start "Till 4.2" --pos-version 4.2.0
            """).With(name, posVersion).Runs(cli, async inv =>
        {
            var started = await inv.Client.Sandbox.StartReadinessRunAsync(inv.Get(name)!, inv.Get(posVersion), inv.Cancellation);
            return inv.Show(started, (console, r) => Render.Fields(console, ("Run", r.Id), ("Name", r.Name), ("Till version", r.PosVersion), ("Started", Render.Time(r.StartedAt))));
        }, sandbox: true);
        var command = new Command("readiness", """
            Grades the till's recorded API traffic against Dojo's go-live checklist, row by row.

            Examples:
              pac readiness
              pac readiness --format html --out readiness.html
              pac readiness start "Till 4.2"
            """).With(format, output, run, start);
        return command.Runs(cli, async inv =>
        {
            var chosen = inv.Get(format) ?? (inv.Json ? "json" : "md");
            var report = await inv.Client.Sandbox.GetReadinessReportAsync(inv.Get(run), chosen, inv.Cancellation);
            if (inv.Get(output) is { } file)
            {
                var path = Path.GetFullPath(file, inv.Environment.CurrentDirectory);
                await File.WriteAllTextAsync(path, report, inv.Cancellation);
                inv.Progress.WriteLine($"Wrote the {chosen} report to {path} ({report.Length:N0} characters)");
            }
            else
            {
                inv.Environment.Console.Output.WriteLine(report);
            }
            return ExitCodes.Success;
        }, sandbox: true);
    }
}
