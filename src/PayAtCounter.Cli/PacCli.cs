using System.CommandLine;
using Spectre.Console;
using System.CommandLine.Invocation;
using PayAtCounter.Cli.Commands;
using PayAtCounter.Cli.Hosting;

namespace PayAtCounter.Cli;

/// <summary>The <c>pac</c> command tree, and a run of it over one command line.</summary>
public sealed class PacCli
{
    /// <summary>Builds the tree for <paramref name="environment"/>.</summary>
    public PacCli(PacEnvironment environment)
    {
        Environment = environment;
        Root = new RootCommand("""
            pac: a Dojo Pay at Counter sandbox in one command, and every flow from a terminal. Works against a
            PayAtCounter server (pac serve) or api.dojo.tech; the sandbox commands need PayAtCounter.

            First steps:
              pac serve                                   start a sandbox here (prints its URL and API key)
              pac terminals                               its card terminals (TIDs ending APP1, SIP0, DIP0, …)
              pac sale --terminal APP1 --amount 12.50     a sale, watched live to its end
              pac intents list                            what was paid
              pac webhooks listen --forward-to URL        events as they happen, forwarded to your till
            """);
        Global.AddTo(Root);
        foreach (var command in new[]
        {
            ServeCommand.Build(this), LoginCommand.Build(this), ReadCommands.Terminals(this), ReadCommands.Intents(this),
            ReadCommands.Sessions(this), SaleCommand.Build(this), RefundCommand.Build(this), IntentCommands.Capture(this),
            IntentCommands.Reverse(this), IntentCommands.Cancel(this), WebhooksCommand.Build(this), ClockCommand.Build(this),
            TerminalCommand.Build(this), ReadinessCommand.Build(this), ScenarioCommands.Reset(this), ScenarioCommands.Snapshot(this),
            ScenarioCommands.Fault(this), ScenarioCommands.Trigger(this),
        })
        {
            Root.Subcommands.Add(command);
        }
        ExamplesHelp.Install(Root, environment);
    }

    /// <summary>The world the commands run in.</summary>
    public PacEnvironment Environment { get; }

    /// <summary>Options of every command.</summary>
    public GlobalOptions Global { get; } = new();

    /// <summary>The root command.</summary>
    public RootCommand Root { get; }

    /// <summary>Runs <paramref name="args"/> and returns the exit code (<see cref="ExitCodes"/>).</summary>
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var parse = Root.Parse(args);
        var console = Environment.Console;
        console.Configure(parse.GetValue(Global.NoColor), !string.IsNullOrEmpty(Environment.Variable("NO_COLOR")));
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors)
            {
                console.Err.MarkupLineInterpolated($"[red]pac:[/] {error.Message}");
            }
            console.Err.WriteLine($"Run `{CommandPath(parse.CommandResult.Command)} --help` for its options and examples.");
            return ExitCodes.Usage;
        }
        return await parse.InvokeAsync(new InvocationConfiguration
        {
            Output = console.Output,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            // Ctrl-C is the commands' own business: a sale asks the terminal to cancel, a listener unsubscribes.
            ProcessTerminationTimeout = null,
        }, cancellationToken);
    }

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is Command c; symbol = c.Parents.FirstOrDefault())
        {
            names.Insert(0, c is RootCommand ? "pac" : c.Name);
        }
        return string.Join(' ', names);
    }
}
