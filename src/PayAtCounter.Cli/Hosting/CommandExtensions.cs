using System.CommandLine;
using Spectre.Console;

namespace PayAtCounter.Cli.Hosting;

/// <summary>Gives commands their action with <c>pac</c>'s error handling around it.</summary>
internal static class CommandExtensions
{
    /// <summary>Runs <paramref name="body"/> for <paramref name="command"/>; a failure becomes one line on standard error and an exit code.</summary>
    public static Command Runs(this Command command, PacCli cli, Func<Invocation, Task<int>> body, bool sandbox = false)
    {
        command.SetAction(async (parse, cancellation) =>
        {
            var invocation = new Invocation(parse, cli.Environment, cli.Global, cancellation);
            try
            {
                return await body(invocation);
            }
            catch (Exception ex)
            {
                var (message, exitCode) = Failure.Describe(ex, invocation, sandbox);
                cli.Environment.Console.Err.MarkupLineInterpolated($"[red]pac:[/] {message}");
                return exitCode;
            }
        });
        return command;
    }

    /// <summary>Adds symbols to a command; returns it, for building trees in one expression.</summary>
    public static Command With(this Command command, params Symbol[] symbols)
    {
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Option option: command.Options.Add(option); break;
                case Argument argument: command.Arguments.Add(argument); break;
                case Command sub: command.Subcommands.Add(sub); break;
            }
        }
        return command;
    }
}
