using System.Net;
using PayAtCounter.Cli.Hosting;
using PayAtCounter.Testing;
using PayAtCounter.Tests.Shared;

namespace PayAtCounter.Cli.Tests;

/// <summary>Errors in one line with their exit codes; profiles, colour and help.</summary>
public sealed class ErrorAndProfileTests : IAsyncLifetime
{
    private readonly PacHarness _pac = new();

    public Task InitializeAsync() => _pac.InitializeAsync();
    public Task DisposeAsync() => _pac.DisposeAsync();

    [Fact]
    public async Task A_refused_key_says_so_in_one_line_with_exit_code_4()
    {
        _pac.Variables["PAC_KEY"] = "sk_sandbox_not_a_real_key";

        var result = await _pac.RunAsync("terminals");

        Assert.Equal(ExitCodes.KeyRefused, result.ExitCode);
        Assert.Equal("pac: the API key was refused (401) by http://localhost:5080: check `pac login` (or PAC_KEY)", result.Error.Trim());
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task An_unreachable_server_says_cannot_reach_with_exit_code_3()
    {
        var port = LoopbackReceiver.FreePort(); // free, so nothing listens: connection refused
        _pac.Variables["PAC_URL"] = $"http://127.0.0.1:{port}";

        var result = await _pac.RunAsync(new RunOptions(RealNetwork: true), "intents", "list");

        Assert.Equal(ExitCodes.CannotConnect, result.ExitCode);
        Assert.Equal($"pac: cannot reach http://127.0.0.1:{port}: connection refused", result.Error.Trim());
    }

    [Fact]
    public async Task A_server_that_never_answers_is_cannot_connect_with_exit_code_3()
    {
        using var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        _pac.Variables["PAC_URL"] = $"http://127.0.0.1:{port}";

        var result = await _pac.RunAsync(new RunOptions(Client: connection => new PayAtCounter.Client.DojoClient(new HttpClient(),
            new PayAtCounter.Client.DojoClientOptions { BaseUri = connection.Url, ApiKey = connection.Key, Timeout = TimeSpan.FromMilliseconds(300), MaxRetries = 0 })), "terminals");

        Assert.Equal(ExitCodes.CannotConnect, result.ExitCode);
        Assert.Equal($"pac: cannot reach http://127.0.0.1:{port}: no answer within 0.3 s", result.Error.Trim());
    }

    [Fact]
    public async Task The_json_is_the_APIs_own_with_fields_the_SDK_does_not_know()
    {
        var newer = new PacEnvironmentFactory(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("{\"id\":\"pi_1\",\"status\":\"PartiallyCaptured\",\"loyaltyPoints\":{\"earned\":12},\"createdAt\":\"2026-12-06T10:00:00Z\",\"updatedAt\":\"2026-12-06T10:00:00Z\"}", System.Text.Encoding.UTF8, "application/json"),
        });

        var result = await newer.RunAsync("intents", "get", "pi_1", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        Assert.Equal(12, json.RootElement.GetProperty("loyaltyPoints").GetProperty("earned").GetInt32());
        Assert.Equal("PartiallyCaptured", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_mistyped_serve_option_is_a_usage_error_not_a_server_setting()
    {
        var result = await _pac.RunAsync("serve", "--prot", "6000");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("'--prot' is not an option of pac serve", result.Error);
    }

    [Theory]
    [InlineData("sale", "--terminal", "APP1")]
    [InlineData("sale", "--terminal", "APP1", "--amount", "12.505")]
    [InlineData("sale", "--terminal", "APP1", "--amount", "-3")]
    [InlineData("salee")]
    [InlineData("clock", "advance", "soon")]
    [InlineData("cancel", "tm_123")]
    [InlineData("sale", "--terminal", "NOPE9", "--amount", "1.00")]
    public async Task A_wrong_command_line_exits_2_with_one_line_and_no_stack_trace(params string[] args)
    {
        var result = await _pac.RunAsync(args);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.StartsWith("pac: ", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task An_API_error_shows_the_APIs_detail_with_exit_code_1()
    {
        var result = await _pac.RunAsync("capture", "pi_sandbox_missing");

        Assert.Equal(ExitCodes.ApiError, result.ExitCode);
        Assert.StartsWith("pac: the API answered 404", result.Error);
    }

    [Fact]
    public async Task A_sandbox_command_against_a_server_without_the_sandbox_API_says_so()
    {
        var dojoLike = new PacEnvironmentFactory(new HttpResponseMessage(HttpStatusCode.NotFound));

        var result = await dojoLike.RunAsync("clock");

        Assert.Equal(ExitCodes.ApiError, result.ExitCode);
        Assert.Equal("pac: https://api.example has no sandbox API: this command works only against a PayAtCounter server", result.Error.Trim());
    }

    [Fact]
    public async Task Login_checks_the_key_saves_a_private_profile_and_never_prints_the_key()
    {
        _pac.Variables.Remove("PAC_KEY");
        _pac.Variables.Remove("PAC_URL");
        _pac.Variables["PAC_CONFIG_DIR"] = Path.Combine(_pac.Folder, "config");

        var refused = await _pac.RunAsync(new RunOptions(Input: "sk_sandbox_wrong\n"), "login", "--url", "http://sandbox.test", "--profile", "team");
        var login = await _pac.RunAsync(new RunOptions(Input: DojoSandbox.ApiKey + "\n"), "login", "--url", "http://sandbox.test", "--profile", "team");
        var used = await _pac.RunAsync("terminals", "--profile", "team");
        var missing = await _pac.RunAsync("terminals", "--profile", "nope");
        var none = await _pac.RunAsync("terminals");

        Assert.Equal(ExitCodes.KeyRefused, refused.ExitCode);
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Contains("saved as profile 'team'", login.Output);
        Assert.DoesNotContain(DojoSandbox.ApiKey, login.Output + login.Error);
        var file = Path.Combine(_pac.Folder, "config", "profiles.json");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        Assert.Contains("\"url\": \"http://sandbox.test\"", File.ReadAllText(file));
        Assert.Equal(0, used.ExitCode);
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("there is no profile 'nope'", missing.Error);
        Assert.Contains("(profiles: team)", missing.Error);
        Assert.Equal(ExitCodes.Usage, none.ExitCode);
        Assert.Contains("no API key", none.Error);
    }

    [Fact]
    public async Task The_url_and_key_of_pac_serve_in_the_current_folder_are_used_without_a_login()
    {
        _pac.Variables.Remove("PAC_KEY");
        _pac.Variables.Remove("PAC_URL");
        _pac.Variables["PAC_CONFIG_DIR"] = Path.Combine(_pac.Folder, "config");
        var data = Directory.CreateDirectory(Path.Combine(_pac.Folder, ".payatcounter")).FullName;
        File.WriteAllText(Path.Combine(data, "sandbox-api-key"), DojoSandbox.ApiKey + "\n");
        File.WriteAllText(Path.Combine(data, "server-url"), "http://127.0.0.1:5999\n");

        var result = await _pac.RunAsync("terminals");
        var unreachable = await _pac.RunAsync(new RunOptions(RealNetwork: true), "terminals");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("cannot reach http://127.0.0.1:5999", unreachable.Error);
    }

    [Fact]
    public async Task Colour_only_on_a_terminal_and_never_with_no_color()
    {
        var terminal = await _pac.RunAsync(new RunOptions(Terminal: true), "sale", "-t", "DIP0", "-a", "1.00");
        var plain = await _pac.RunAsync(new RunOptions(Terminal: true), "sale", "-t", "DIP0", "-a", "1.00", "--no-color");
        var redirected = await _pac.RunAsync("sale", "-t", "DIP0", "-a", "1.00");

        Assert.Contains("\u001b[", terminal.Output);
        Assert.DoesNotContain("\u001b", plain.Output);
        Assert.DoesNotContain("\u001b", redirected.Output);
        Assert.Contains("Declined after", plain.Output);
    }

    [Fact]
    public async Task Every_command_has_help_with_an_example()
    {
        var root = new PacCli(new PayAtCounter.Cli.Hosting.PacEnvironment { Console = new PacConsole(TextWriter.Null, TextWriter.Null, TextReader.Null, false, false) }).Root;
        var commands = new List<string[]>();
        void Walk(System.CommandLine.Command command, string[] path)
        {
            foreach (var sub in command.Subcommands)
            {
                commands.Add([.. path, sub.Name]);
                Walk(sub, [.. path, sub.Name]);
            }
        }
        Walk(root, []);

        foreach (var path in commands)
        {
            var result = await _pac.RunAsync([.. path, "--help"]);
            Assert.True(result.ExitCode == 0, $"pac {string.Join(' ', path)} --help: {result}");
            Assert.True(result.Output.Contains("Example", StringComparison.Ordinal), $"pac {string.Join(' ', path)} --help has no example:\n{result.Output}");
        }
        Assert.True(commands.Count > 35, $"only {commands.Count} commands found");
    }

    // pac against a server that answers every call the same way: what api.dojo.tech does with /sandbox paths.
    private sealed class PacEnvironmentFactory(HttpResponseMessage answer)
    {
        public async Task<PacResult> RunAsync(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var environment = new PayAtCounter.Cli.Hosting.PacEnvironment
            {
                Console = new PacConsole(output, error, TextReader.Null, false, false),
                Variable = name => name switch { "PAC_URL" => "https://api.example", "PAC_KEY" => "sk_sandbox_x", _ => null },
                CurrentDirectory = Path.GetTempPath(),
                CreateClient = connection => new PayAtCounter.Client.DojoClient(new HttpClient(new Fixed(answer)), new PayAtCounter.Client.DojoClientOptions { BaseUri = connection.Url, ApiKey = connection.Key }),
            };
            var code = await new PacCli(environment).RunAsync(args);
            return new PacResult(code, output.ToString(), error.ToString());
        }
    }

    private sealed class Fixed(HttpResponseMessage answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(answer);
    }
}
