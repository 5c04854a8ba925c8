using Spectre.Console;

namespace PayAtCounter.Cli.Hosting;

/// <summary>
/// Where <c>pac</c> reads and writes. Colour only on a terminal, never with <c>--no-color</c> or <c>NO_COLOR</c>; a
/// redirected output gets plain ASCII, wide enough that tables do not wrap.
/// </summary>
public sealed class PacConsole
{
    /// <summary>A console over the given streams.</summary>
    public PacConsole(TextWriter output, TextWriter error, TextReader input, bool outputIsTerminal, bool inputIsTerminal, bool? errorIsTerminal = null)
    {
        ErrorIsTerminal = errorIsTerminal ?? outputIsTerminal;
        Output = output;
        Error = error;
        Input = input;
        OutputIsTerminal = outputIsTerminal;
        InputIsTerminal = inputIsTerminal;
    }

    /// <summary>The process's own console.</summary>
    public static PacConsole FromProcess() => new(Console.Out, Console.Error, Console.In, !Console.IsOutputRedirected, !Console.IsInputRedirected, !Console.IsErrorRedirected);

    /// <summary>Standard output: results.</summary>
    public TextWriter Output { get; }
    /// <summary>Standard error: errors, and progress when the output is JSON.</summary>
    public TextWriter Error { get; }
    /// <summary>Standard input: answers to prompts, a key typed at login.</summary>
    public TextReader Input { get; }
    /// <summary>True when standard output is a terminal a person watches.</summary>
    public bool OutputIsTerminal { get; }
    /// <summary>True when standard error is a terminal.</summary>
    public bool ErrorIsTerminal { get; }

    /// <summary>True when a person can answer prompts by typing.</summary>
    public bool InputIsTerminal { get; }

    /// <summary>Spectre consoles over <see cref="Output"/> and <see cref="Error"/>, built by <see cref="Configure"/>.</summary>
    public IAnsiConsole Out { get; private set; } = null!;

    /// <inheritdoc cref="Out"/>
    public IAnsiConsole Err { get; private set; } = null!;

    /// <summary>True when colour is on.</summary>
    public bool Color { get; private set; }

    /// <summary>Decides colour once the command line is read.</summary>
    public void Configure(bool noColor, bool noColorEnvironment)
    {
        Color = OutputIsTerminal && !noColor && !noColorEnvironment;
        Out = Create(Output, Color, OutputIsTerminal);
        Err = Create(Error, ErrorIsTerminal && !noColor && !noColorEnvironment, ErrorIsTerminal);
    }

    private static IAnsiConsole Create(TextWriter writer, bool color, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal)
        {
            // A script or a file reads this: no box-drawing characters, and no wrapping at 80 columns.
            console.Profile.Width = 240;
            console.Profile.Capabilities.Unicode = false;
        }
        return console;
    }
}
