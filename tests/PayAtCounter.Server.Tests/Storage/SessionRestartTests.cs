using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Storage;

/// <summary>
/// Timed steps are stored as due work: a server stopped mid-session, even killed, finishes the session
/// after it starts again, with no lost or repeated status events.
/// </summary>
public sealed class SessionRestartTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "pac-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_session_stopped_mid_way_resumes_after_a_restart()
    {
        string intentId, sessionId;
        using (var first = new PayAtCounterApp(_dataDirectory))
        {
            var client = first.CreateDojoClient();
            intentId = (string)(await client.CreateIntentAsync())["id"]!;
            sessionId = (string)(await client.StartSaleAsync(await client.TerminalIdAsync("APP1"), intentId))["id"]!;
            await client.AdvanceClockAsync(TimeSpan.FromSeconds(6));
            Assert.Equal(["PresentCard", "PleaseWait", "EnterPin"], (await client.GetSessionAsync(sessionId)).Notifications());
        }

        using var second = new PayAtCounterApp(_dataDirectory);
        var again = second.CreateDojoClient();
        var final = (await again.PollAsync(sessionId))[^1];

        Assert.Equal(["InitiateRequested", "Initiated", "Captured"], final.Statuses());
        Assert.Equal(["PresentCard", "PleaseWait", "EnterPin", "PleaseWait", "RemoveCard"], final.Notifications());
        Assert.Equal("Captured", (string)(await again.GetIntentAsync(intentId))["status"]!);
    }

    [Fact]
    public async Task The_sandbox_clock_does_not_go_back_after_a_restart()
    {
        DateTimeOffset before;
        using (var first = new PayAtCounterApp(_dataDirectory))
        {
            await first.CreateDojoClient().AdvanceClockAsync(TimeSpan.FromDays(3));
            before = first.Clock.GetUtcNow();
        }

        using var second = new PayAtCounterApp(_dataDirectory);
        _ = second.Services;

        Assert.True(second.Clock.GetUtcNow() >= before);
    }

    [Fact]
    public async Task A_server_killed_mid_session_finishes_it_after_restarting()
    {
        const string key = PayAtCounterApp.SandboxKey;
        var port = FreePort();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic " + key);
        client.DefaultRequestHeaders.Add("version", "2025-09-10");
        client.DefaultRequestHeaders.Add("software-house-id", "softwareHouse1");

        string intentId, sessionId;
        using (var server = await StartServerAsync(port, client))
        {
            intentId = (string)(await client.CreateIntentAsync())["id"]!;
            sessionId = (string)(await client.StartSaleAsync(await client.TerminalIdAsync("APP1"), intentId))["id"]!;
            await client.AdvanceClockAsync(TimeSpan.FromSeconds(6));
            // No graceful shutdown: the process dies as with kill -9.
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        using var restarted = await StartServerAsync(port, client);
        try
        {
            var final = (await client.PollAsync(sessionId))[^1];

            Assert.Equal(["InitiateRequested", "Initiated", "Captured"], final.Statuses());
            Assert.Equal(["PresentCard", "PleaseWait", "EnterPin", "PleaseWait", "RemoveCard"], final.Notifications());
            Assert.Equal("Captured", (string)(await client.GetIntentAsync(intentId))["status"]!);
        }
        finally
        {
            restarted.Kill(entireProcessTree: true);
            await restarted.WaitForExitAsync();
        }
    }

    private async Task<Process> StartServerAsync(int port, HttpClient client)
    {
        var serverDll = Path.Combine(AppContext.BaseDirectory, "PayAtCounter.Server.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                serverDll, "--urls", $"http://127.0.0.1:{port}", "--Storage:DataDirectory", _dataDirectory,
                "--Sandbox:ApiKey", PayAtCounterApp.SandboxKey, "--Sandbox:ClockSpeed", "0",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Wait until it answers, at most 30 s.
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await client.GetAsync("/sandbox/clock")).StatusCode == HttpStatusCode.OK)
                {
                    return process;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        process.Kill(entireProcessTree: true);
        throw new Xunit.Sdk.XunitException("The server did not start within 30 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
