using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PayAtCounter.Server.Hosting;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Hosting;

/// <summary>The server listens while its database is still being prepared; early requests wait, they don't fail.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly TempDataDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_request_that_arrives_before_the_data_is_ready_is_answered_once_it_is()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(TestStorage.Settings(_data.Path))
        {
            ["Sandbox:ApiKey"] = PayAtCounterApp.SandboxKey,
            ["Sandbox:ClockSpeed"] = "0",
        });
        builder.WebHost.UseTestServer();
        builder.AddPayAtCounter();
        await using var app = builder.Build();
        app.MapPayAtCounter();
        await app.StartAsync();
        using var client = new HttpClient(new SchemaValidatingHandler { InnerHandler = app.GetTestServer().CreateHandler() }) { BaseAddress = new Uri("http://localhost") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/terminals");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic " + PayAtCounterApp.SandboxKey);
        request.Headers.Add("version", "2025-09-10");
        request.Headers.Add("software-house-id", "softwareHouse1");

        var early = client.SendAsync(request);
        Assert.False(app.Services.GetRequiredService<DataReadiness>().IsReady);
        await app.PrepareDataAsync();
        using var response = await early;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"tid\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task A_data_folder_that_cannot_be_made_stops_the_server_with_one_clear_line()
    {
        Directory.CreateDirectory(_data.Path);
        var notAFolder = Path.Combine(_data.Path, "a-file");
        await File.WriteAllTextAsync(notAFolder, "");

        var error = await FailedStartAsync("--Storage:DataDirectory=" + notAFolder);

        Assert.Contains(notAFolder, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Storage:ConnectionString=Host=127.0.0.1;Port=1;Username=nobody;Database=pac;Timeout=2", "127.0.0.1:1")]
    [InlineData("--Storage:ConnectionString=", "Storage:ConnectionString is required")]
    public async Task An_unreachable_or_unnamed_PostgreSQL_database_stops_the_server_with_one_clear_line(string connection, string expected)
    {
        var error = await FailedStartAsync("--Storage:DataDirectory=" + _data.Path, "--Storage:Provider=Postgres", connection);

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Accounts:0:ApiKey=", "Accounts:0:ApiKey must start with")]
    [InlineData("--Accounts:0:ApiKey=pk_live_0123456789", "Accounts:0:ApiKey must start with")]
    [InlineData("--Accounts:1:ApiKey=sk_sandbox_same_0123456789", "Accounts:1:ApiKey is the key of an earlier account")]
    public async Task A_configured_account_with_an_unusable_key_stops_the_server_with_one_clear_line(string account, string expected)
    {
        var error = await FailedStartAsync("--Storage:DataDirectory=" + _data.Path,
            "--Accounts:0:Name=Till", "--Accounts:0:ApiKey=sk_sandbox_same_0123456789", "--Accounts:1:Name=Bar", account);

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_prints_every_setting_and_exits_0_without_starting()
    {
        var (exit, output, _) = await RunToEndAsync("--help");

        Assert.Equal(0, exit);
        Assert.All(PayAtCounter.Server.Hosting.HelpText.Settings, s => Assert.Contains(s.Name, output, StringComparison.Ordinal));
        Assert.DoesNotContain("listening", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_port_in_use_stops_the_server_with_one_line_and_no_stack_trace_whatever_the_log_level()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var (exit, output, error) = await RunToEndAsync("--urls", $"http://127.0.0.1:{port}", "--Storage:DataDirectory=" + _data.Path);

        Assert.Equal(1, exit);
        Assert.Equal($"PayAtCounter could not start: Failed to bind to address http://127.0.0.1:{port}: address already in use.", error.Trim());
        Assert.DoesNotContain("Exception", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_graceful_stop_logs_no_exception()
    {
        await using var server = new ServerProcess(_data.Path, "--Sandbox:ClockSpeed", "20", "--Logging:LogLevel:Default=Information");
        await server.StartAsync();
        var intentId = (string)(await server.Client.CreateIntentAsync())["id"]!;
        await server.Client.StartSaleAsync(await server.Client.TerminalIdAsync("APP1"), intentId);

        await server.StopAsync();

        Assert.Contains(server.Output, line => line.Contains("Application is shutting down", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Output, line => line.Contains("Exception", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_webhook_delivery_is_not_logged_line_by_line_by_the_http_client()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = new ServerProcess(_data.Path);
        await server.StartAsync();
        await (await server.Client.PostJsonAsync("/webhooks", $$"""{"events":["payment_intent.created"],"url":"{{receiver.Url}}"}""")).ReadJsonAsync(System.Net.HttpStatusCode.OK);

        await server.Client.CreateIntentAsync();
        await receiver.WaitForAsync(1);
        await server.StopAsync();

        Assert.DoesNotContain(server.Output, line => line.Contains("System.Net.Http.HttpClient", StringComparison.Ordinal));
    }

    // Runs the real server with its default settings and logging and waits (at most a minute) for it to exit.
    private static async Task<(int Exit, string Output, string Error)> RunToEndAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PayAtCounter.Server.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    // Starts the real server, expects it to give up: exit code 1, one line on stderr and no crash dump; returns that line.
    internal static async Task<string> FailedStartAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "PayAtCounter.Server.dll"), "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=None" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var server = Process.Start(start)!;
        var stderr = server.StandardError.ReadToEndAsync();
        var stdout = server.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await server.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, server.ExitCode);
        var error = await stderr;
        Assert.StartsWith("PayAtCounter could not start: ", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("Unhandled exception", await stdout + error, StringComparison.Ordinal);
        return error;
    }
}
