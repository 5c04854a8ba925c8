using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace PayAtCounter.Cli.Hosting;

/// <summary>
/// <c>--help</c> with examples: each command's description is written with its examples after a blank line; the
/// command lists show the description alone, and the help of the command itself ends with its examples.
/// </summary>
internal sealed class ExamplesHelp : SynchronousCommandLineAction
{
    private const string Marker = "\n\nExample";

    private readonly SynchronousCommandLineAction _help;
    private readonly Dictionary<Command, string> _examples;
    private readonly PacEnvironment _environment;

    private ExamplesHelp(SynchronousCommandLineAction help, Dictionary<Command, string> examples, PacEnvironment environment)
    {
        _help = help;
        _examples = examples;
        _environment = environment;
    }

    /// <summary>Moves the examples out of every description under <paramref name="root"/> and into its help.</summary>
    public static void Install(RootCommand root, PacEnvironment environment)
    {
        var examples = new Dictionary<Command, string>();
        var pending = new Stack<Command>([root]);
        while (pending.TryPop(out var command))
        {
            var description = command.Description?.ReplaceLineEndings("\n") ?? "";
            var at = description.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                examples[command] = description[(at + 2)..];
                command.Description = description[..at];
            }
            foreach (var sub in command.Subcommands)
            {
                pending.Push(sub);
            }
        }
        var option = root.Options.OfType<HelpOption>().Single();
        option.Action = new ExamplesHelp((SynchronousCommandLineAction)option.Action!, examples, environment);
    }

    public override int Invoke(ParseResult parseResult)
    {
        var code = _help.Invoke(parseResult);
        if (_examples.TryGetValue(parseResult.CommandResult.Command, out var examples))
        {
            _environment.Console.Output.WriteLine(examples);
            _environment.Console.Output.WriteLine();
        }
        return code;
    }
}
