using System.Diagnostics;
using System.Text;

namespace PayAtCounter.Packages.Tests;

/// <summary>An installed <c>pac</c> run as a process: its output as it comes, signals, and its exit.</summary>
internal sealed class PacProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Task _reading;

    private PacProcess(Process process)
    {
        _process = process;
        _reading = Task.WhenAll(CopyAsync(process.StandardOutput, _output), CopyAsync(process.StandardError, _error));
    }

    public string Output { get { lock (_output) { return _output.ToString(); } } }
    public string Error { get { lock (_error) { return _error.ToString(); } } }
    public int Id => _process.Id;

    public static PacProcess Start(string pac, string workingDirectory, IDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(pac)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        start.Environment.Remove("PAC_URL");
        start.Environment.Remove("PAC_KEY");
        start.Environment.Remove("PAC_PROFILE");
        return new PacProcess(Process.Start(start)!);
    }

    /// <summary>Runs <c>pac</c> to its end and returns it.</summary>
    public static async Task<PacProcess> RunAsync(string pac, string workingDirectory, IDictionary<string, string> environment, params string[] arguments)
    {
        var run = Start(pac, workingDirectory, environment, arguments);
        await run.WaitForExitAsync(TimeSpan.FromMinutes(2));
        return run;
    }

    /// <summary>Waits until standard output has a line containing <paramref name="text"/>, and returns that line.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (Output.Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line.Trim();
            }
            if (_process.HasExited)
            {
                await _reading;
                Assert.Fail($"pac exited ({_process.ExitCode}) before printing '{text}':\n{this}");
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"pac did not print '{text}' within {within}:\n{this}");
    }

    /// <summary>Sends SIGINT, as Ctrl-C does, unless this test process was started with SIGINT ignored (then so is pac: SIGTERM).</summary>
    public async Task InterruptAsync()
    {
        var signal = SigintIgnored() ? "TERM" : "INT";
        using var kill = Process.Start("kill", ["-s", signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    public int ExitCode => _process.ExitCode;

    public async Task WaitForExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"pac did not exit within {within}:\n{this}");
        }
        await _reading;
    }

    public override string ToString() => $"--- stdout\n{Output}\n--- stderr\n{Error}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    // A background job of a non-interactive shell starts with SIGINT ignored, and .NET keeps it so in its children.
    private static bool SigintIgnored()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << 1)) != 0;
    }

    private static async Task CopyAsync(StreamReader reader, StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (into)
            {
                into.AppendLine(line);
            }
        }
    }
}
