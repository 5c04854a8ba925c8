namespace PayAtCounter.Cli.Hosting;

/// <summary>A failure <c>pac</c> explains in one line and exits with <see cref="ExitCode"/>.</summary>
public sealed class PacException(string message, int exitCode = ExitCodes.Usage) : Exception(message)
{
    /// <summary>The process exit code.</summary>
    public int ExitCode { get; } = exitCode;
}
