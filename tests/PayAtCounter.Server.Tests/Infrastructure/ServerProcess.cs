using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace PayAtCounter.Server.Tests.Infrastructure;

/// <summary>
/// The real server as a separate process, for tests that stop it (gracefully, or at once as kill -9 does) and
/// start it again on the same data folder. It listens on a port the system picks (port 0), which it prints in its
/// start-up banner, so no other process can take the port between choosing and binding it.
/// </summary>
public sealed partial class ServerProcess(string dataDirectory, params string[] settings) : IAsyncDisposable
{
    private Process? _process;
    private HttpClient? _client;
    private readonly List<string> _output = [];

    /// <summary>A client with Dojo's headers for this server; responses are checked against the official schema.</summary>
    public HttpClient Client => _client ?? throw new InvalidOperationException("Start the server first.");

    /// <summary>Everything the process wrote to standard output and error so far.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToList();
            }
        }
    }

    /// <summary>Starts the server and waits (at most 30 s) until it answers.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "PayAtCounter.Server.dll"), "--urls", "http://127.0.0.1:0",
                "--Sandbox:ApiKey", PayAtCounterApp.SandboxKey, "--Sandbox:ClockSpeed", "0", "--Shutdown:DrainTime", "00:00:00",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in TestStorage.Arguments(dataDirectory).Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }
        lock (_output)
        {
            _output.Clear();
        }
        var url = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, line) => Seen(line.Data, url);
        _process.ErrorDataReceived += (_, line) => Seen(line.Data, null);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var exited = _process.WaitForExitAsync();
        if (await Task.WhenAny(url.Task, exited, Task.Delay(TimeSpan.FromSeconds(30))) != url.Task)
        {
            await KillAsync();
            throw new Xunit.Sdk.XunitException($"The server did not start within 30 s:\n{string.Join("\n", Output)}");
        }
        _client?.Dispose();
        _client = CreateClient(await url.Task);
    }

    /// <summary>The exit code of the last process stopped with <see cref="StopAsync"/>.</summary>
    public int? ExitCode { get; private set; }

    /// <summary>Asks the server to stop (SIGTERM, as Ctrl-C or a service manager does) and waits until it has.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            ExitCode = process.ExitCode;
        }
        _process?.Dispose();
        _process = null;
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

    private void Seen(string? line, TaskCompletionSource<string>? url)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Add(line);
        }
        if (url is not null && BannerUrl().Match(line) is { Success: true } match)
        {
            url.TrySetResult(match.Groups["url"].Value);
        }
    }

    private static HttpClient CreateClient(string url)
    {
        var client = new HttpClient(new SchemaValidatingHandler { InnerHandler = new HttpClientHandler() }) { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic " + PayAtCounterApp.SandboxKey);
        client.DefaultRequestHeaders.Add("version", "2025-09-10");
        client.DefaultRequestHeaders.Add("software-house-id", "softwareHouse1");
        client.DefaultRequestHeaders.Add("reseller-id", "reseller1");
        return client;
    }

    // The banner's "URL:" line, printed once the server listens (the port it got included).
    [GeneratedRegex(@"^\s*URL:\s+(?<url>http://\S+)")]
    private static partial Regex BannerUrl();
}
