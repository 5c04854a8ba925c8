using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PayAtCounter.Server.Tests.Infrastructure;

/// <summary>
/// The real server as a separate process on a loopback port, for tests that kill it without a graceful
/// shutdown (as kill -9 does) and start it again on the same data folder.
/// </summary>
public sealed class ServerProcess(string dataDirectory) : IAsyncDisposable
{
    private readonly int _port = FreePort();
    private Process? _process;

    /// <summary>A client with Dojo's headers for this server (no schema validation: it is not in-process).</summary>
    public HttpClient Client => _client ??= CreateClient();

    private HttpClient? _client;

    /// <summary>Starts the server and waits (at most 30 s) until it answers.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "PayAtCounter.Server.dll"), "--urls", $"http://127.0.0.1:{_port}",
                "--Sandbox:ApiKey", PayAtCounterApp.SandboxKey, "--Sandbox:ClockSpeed", "0",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in TestStorage.Arguments(dataDirectory))
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await Client.GetAsync("/sandbox/clock")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        await KillAsync();
        throw new Xunit.Sdk.XunitException("The server did not start within 30 s.");
    }

    /// <summary>Kills the process at once: no shutdown hooks run, nothing is flushed.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _client?.Dispose();
    }

    private HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}") };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic " + PayAtCounterApp.SandboxKey);
        client.DefaultRequestHeaders.Add("version", "2025-09-10");
        client.DefaultRequestHeaders.Add("software-house-id", "softwareHouse1");
        return client;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
