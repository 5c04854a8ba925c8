using PayAtCounter.Cli;
using PayAtCounter.Cli.Hosting;
using PayAtCounter.Client;
using PayAtCounter.Testing;

namespace PayAtCounter.Cli.Tests;

/// <summary>What one run of <c>pac</c> printed and exited with.</summary>
public sealed record PacResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>
/// Runs <c>pac</c> in-process against an in-process sandbox: its client goes to the sandbox whatever URL the command
/// resolves (unless a test asks for the real network), profiles live in a temporary folder, and nothing is a terminal.
/// </summary>
public sealed class PacHarness : IAsyncLifetime
{
    public DojoSandbox Sandbox { get; private set; } = null!;
    public DojoClient Client => Sandbox.Client;
    public string Folder { get; } = Directory.CreateTempSubdirectory("pac-cli-").FullName;
    public Dictionary<string, string> Variables { get; }

    public PacHarness()
        // Profiles in the test's own folder, never the developer's ~/.config/pac.
        => Variables = new() { ["PAC_KEY"] = DojoSandbox.ApiKey, ["PAC_URL"] = "http://localhost:5080", ["PAC_CONFIG_DIR"] = Path.Combine(Folder, "config") };

    public async Task InitializeAsync() => Sandbox = await DojoSandbox.StartAsync();

    public async Task DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    public Task<PacResult> RunAsync(params string[] args) => RunAsync(new RunOptions(), args);

    public async Task<PacResult> RunAsync(RunOptions options, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new PacEnvironment
        {
            Console = new PacConsole(TextWriter.Synchronized(output), TextWriter.Synchronized(error), options.Keyboard ?? new StringReader(options.Input ?? ""), options.Terminal, false),
            Variable = name => Variables.GetValueOrDefault(name),
            CurrentDirectory = Folder,
            CreateClient = options.Client ?? (options.RealNetwork ? PacEnvironment.DefaultClient : connection => Sandbox.CreateClient(connection.Key)),
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, options.Cancellation);
        var code = await new PacCli(environment).RunAsync(args, linked.Token);
        Assert.False(timeout.IsCancellationRequested, $"pac {string.Join(' ', args)} did not finish within 60 s:\n{output}\n{error}");
        return new PacResult(code, output.ToString(), error.ToString());
    }
}

/// <summary>How a test runs <c>pac</c>.</summary>
/// <param name="Input">What is typed at its prompts.</param>
/// <param name="Terminal">Whether its output is a terminal (colour).</param>
/// <param name="RealNetwork">Use a real HTTP client to the resolved URL instead of the sandbox.</param>
/// <param name="Cancellation">Ctrl-C.</param>
/// <param name="Keyboard">Standard input itself, e.g. one nobody types on.</param>
/// <param name="Client">How the client is made, instead of the sandbox's.</param>
public sealed record RunOptions(string? Input = null, bool Terminal = false, bool RealNetwork = false, CancellationToken Cancellation = default,
    TextReader? Keyboard = null, Func<PayAtCounter.Cli.Profiles.Connection, DojoClient>? Client = null);

/// <summary>Standard input that stays open and never has a line: a script or CI job that answers nothing.</summary>
public sealed class SilentKeyboard : TextReader
{
    public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return null;
    }

    public override Task<string?> ReadLineAsync() => ReadLineAsync(CancellationToken.None).AsTask();
}
