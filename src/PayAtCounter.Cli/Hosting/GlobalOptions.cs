using System.CommandLine;

namespace PayAtCounter.Cli.Hosting;

/// <summary>Options every command takes.</summary>
public sealed class GlobalOptions
{
    /// <summary><c>--profile NAME</c>.</summary>
    public Option<string?> Profile { get; } = new("--profile") { Description = "The saved profile to use (pac login); default: PAC_PROFILE, else 'default'", Recursive = true, HelpName = "NAME" };

    /// <summary><c>--json</c>.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print the API's JSON instead of a table (for scripts and jq)", Recursive = true };

    /// <summary><c>--no-color</c>.</summary>
    public Option<bool> NoColor { get; } = new("--no-color") { Description = "No colour (also when output is redirected, or NO_COLOR is set)", Recursive = true };

    /// <summary>Adds them to the root command.</summary>
    public void AddTo(Command root)
    {
        root.Options.Add(Profile);
        root.Options.Add(Json);
        root.Options.Add(NoColor);
    }
}
