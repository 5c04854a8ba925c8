using System.Diagnostics;
using PayAtCounter.Server.Accounts;

namespace PayAtCounter.Server.Observability;

/// <summary>
/// One log line per request, at Information, when it ends: method, path (no query string), status, latency and the
/// account it ran for. Never a header or a body, so never a key, a webhook secret or a card number. With the level
/// off (the benchmarks run at Warning) a request pays one enabled check. Probes and scrapes are not logged. While the
/// server drains before a stop (<see cref="ShutdownDrain"/>), every answer closes its connection.
/// </summary>
public sealed partial class RequestLogMiddleware(RequestDelegate next, ShutdownDrain drain, ILogger<RequestLogMiddleware> logger)
{
    /// <summary>Logs the request once it is answered, also when it fails or the client goes away.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        if (drain.Draining)
        {
            // Stopping: the client learns from this answer not to send another on this connection.
            context.Response.Headers.Connection = "close";
        }
        if (!logger.IsEnabled(LogLevel.Information) || TelemetrySetup.IsProbe(context.Request.Path))
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            // Read at the end: the key middleware puts the account on the request on the way in.
            var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
            Answered(logger, context.Request.Method, context.Request.Path.Value ?? "", status,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, context.Features.Get<Account>()?.Id ?? "-");
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} {StatusCode} in {ElapsedMs:0.0} ms, account {AccountId}")]
    private static partial void Answered(ILogger logger, string method, string path, int statusCode, double elapsedMs, string accountId);
}
