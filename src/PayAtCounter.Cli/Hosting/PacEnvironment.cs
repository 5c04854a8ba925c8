using PayAtCounter.Cli.Profiles;
using PayAtCounter.Client;

namespace PayAtCounter.Cli.Hosting;

/// <summary>
/// What <c>pac</c> takes from the world around it: the console, environment variables, the folders it reads and
/// writes, and how it makes a client. Tests give their own: an in-process sandbox's client, a temporary profile folder.
/// </summary>
public sealed class PacEnvironment
{
    /// <summary>The console.</summary>
    public required PacConsole Console { get; init; }

    /// <summary>Reads an environment variable.</summary>
    public Func<string, string?> Variable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The current folder, where <c>pac serve</c> keeps its data by default and where its key is looked for.</summary>
    public string CurrentDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Makes the client for a resolved connection.</summary>
    public Func<Connection, DojoClient> CreateClient { get; init; } = DefaultClient;

    /// <summary>Where profiles are kept: <c>PAC_CONFIG_DIR</c>, else <c>$XDG_CONFIG_HOME/pac</c>, else <c>~/.config/pac</c>.</summary>
    public string ConfigDirectory
        => Variable("PAC_CONFIG_DIR") is { Length: > 0 } configured ? configured
            : Path.Combine(Variable("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"), "pac");

    /// <summary>The process's own environment.</summary>
    public static PacEnvironment FromProcess() => new() { Console = PacConsole.FromProcess() };

    /// <summary>A client over its own <see cref="HttpClient"/>; the SDK's own timeout and retries apply.</summary>
    public static DojoClient DefaultClient(Connection connection) => new(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, new DojoClientOptions
    {
        BaseUri = connection.Url,
        ApiKey = connection.Key,
        SoftwareHouseId = connection.SoftwareHouseId,
        ResellerId = connection.ResellerId,
    });
}
