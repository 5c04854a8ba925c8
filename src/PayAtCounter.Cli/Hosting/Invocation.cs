using System.CommandLine;
using System.Text.Json;
using PayAtCounter.Cli.Profiles;
using PayAtCounter.Client;
using Spectre.Console;

namespace PayAtCounter.Cli.Hosting;

/// <summary>One run of a command: what was parsed, the console, and the client, made when first needed.</summary>
public sealed class Invocation(ParseResult parse, PacEnvironment environment, GlobalOptions global, CancellationToken cancellation)
{
    private static readonly JsonSerializerOptions Indented = new(DojoClient.JsonOptions) { WriteIndented = true };

    private Connection? _connection;
    private DojoClient? _client;

    /// <summary>The parsed command line.</summary>
    public ParseResult Parse { get; } = parse;

    /// <summary>The world around <c>pac</c>.</summary>
    public PacEnvironment Environment { get; } = environment;

    /// <summary>Cancelled by Ctrl-C or SIGTERM.</summary>
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>True with <c>--json</c>.</summary>
    public bool Json => Parse.GetValue(global.Json);

    /// <summary>Results.</summary>
    public IAnsiConsole Out => Environment.Console.Out;

    /// <summary>Progress of a long command: on standard error when the output is JSON, so <c>| jq</c> sees only the result.</summary>
    public IAnsiConsole Progress => Json ? Environment.Console.Err : Environment.Console.Out;

    /// <summary>The server and key, resolved when first needed (so <c>--help</c> and <c>serve</c> need neither).</summary>
    public Connection Connection => _connection ??= Connection.Resolve(Parse.GetValue(global.Profile), Environment);

    /// <summary>The connection's URL as a person reads it.</summary>
    public string UrlText => Connection.Url.AbsoluteUri.TrimEnd('/');

    /// <summary>The SDK client for <see cref="Connection"/>.</summary>
    public DojoClient Client => _client ??= Environment.CreateClient(Connection);

    /// <summary>True once a client was made, so a failure can name the server it talked to.</summary>
    public bool Connected => _connection is not null;

    /// <summary>The value of <paramref name="option"/>.</summary>
    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    /// <summary>The value of <paramref name="argument"/>.</summary>
    public T? Get<T>(Argument<T> argument) => Parse.GetValue(argument);

    /// <summary>Writes <paramref name="value"/> as the API's JSON, indented, to standard output.</summary>
    public void WriteJson<T>(T value)
    {
        Environment.Console.Output.WriteLine(JsonSerializer.Serialize(value, Indented));
        Environment.Console.Output.Flush();
    }

    /// <summary>Writes JSON with <c>--json</c>, otherwise what <paramref name="render"/> draws.</summary>
    public int Show<T>(T value, Action<IAnsiConsole, T> render)
    {
        if (Json)
        {
            WriteJson(value);
        }
        else
        {
            render(Out, value);
        }
        return ExitCodes.Success;
    }
}
