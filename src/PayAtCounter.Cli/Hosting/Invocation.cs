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
    private static readonly JsonSerializerOptions IndentedRaw = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private string? _lastBody;

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
    public DojoClient Client => _client ??= Watch(Environment.CreateClient(Connection));

    /// <summary>True once the server is known, so a failure can name it.</summary>
    public bool Connected => _connection is not null;

    /// <summary>How long one call may take, for a failure's message; the SDK's default before a client exists.</summary>
    public TimeSpan Timeout => _client?.Options.Timeout ?? new DojoClientOptions().Timeout;

    // Keeps each answer's body, for --json to print what the API sent.
    private DojoClient Watch(DojoClient client)
    {
        var previous = client.Options.ResponseReceived;
        client.Options.ResponseReceived = (response, body) =>
        {
            previous?.Invoke(response, body);
            _lastBody = body;
        };
        return client;
    }

    /// <summary>Talks to <paramref name="connection"/> instead of the resolved one (<c>pac login</c> checks a new one).</summary>
    public void Use(Connection connection)
    {
        _connection = connection;
        _client = null;
    }

    /// <summary>The value of <paramref name="option"/>.</summary>
    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    /// <summary>The value of <paramref name="argument"/>.</summary>
    public T? Get<T>(Argument<T> argument) => Parse.GetValue(argument);

    /// <summary>
    /// Writes <paramref name="value"/> as JSON, indented, to standard output: the last answer's body as the API sent it
    /// when <paramref name="fromLastCall"/> (every field, also those this SDK does not know), otherwise the SDK's model
    /// written with the API's conventions (a list gathered from several pages, say).
    /// </summary>
    public void WriteJson<T>(T value, bool fromLastCall = true)
    {
        string text;
        if (fromLastCall && _lastBody is { Length: > 0 } body)
        {
            using var document = JsonDocument.Parse(body);
            text = JsonSerializer.Serialize(document.RootElement, IndentedRaw);
        }
        else
        {
            text = JsonSerializer.Serialize(value, Indented);
        }
        Environment.Console.Output.WriteLine(text);
        Environment.Console.Output.Flush();
    }

    /// <summary>Writes JSON with <c>--json</c> (<see cref="WriteJson{T}"/>), otherwise what <paramref name="render"/> draws.</summary>
    public int Show<T>(T value, Action<IAnsiConsole, T> render, bool fromLastCall = true)
    {
        if (Json)
        {
            WriteJson(value, fromLastCall);
        }
        else
        {
            render(Out, value);
        }
        return ExitCodes.Success;
    }
}
