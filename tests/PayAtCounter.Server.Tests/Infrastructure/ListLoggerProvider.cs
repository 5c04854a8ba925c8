using Microsoft.Extensions.Logging;

namespace PayAtCounter.Server.Tests.Infrastructure;

/// <summary>Every log line of every category, with its exception, into a list the test reads.</summary>
public sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
{
    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(string category, List<string> lines) : ILogger
    {
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines)
            {
                lines.Add($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    }
}
