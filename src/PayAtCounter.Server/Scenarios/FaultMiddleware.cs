using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Errors;
using PayAtCounter.Server.Observability;
using PayAtCounter.Server.Readiness;

namespace PayAtCounter.Server.Scenarios;

/// <summary>
/// Applies the account's fault rules to its calls of Dojo's API: added latency, a 5xx or 429 with nothing stored, or
/// a change committed whose response is lost or held back. The sandbox's own paths are never faulted, so a rule can
/// always be removed. With no rules anywhere, a request pays one field read.
/// </summary>
public sealed class FaultMiddleware(RequestDelegate next, FaultRules rules, WallClock wall, PayAtCounterMetrics telemetry, ILogger<FaultMiddleware> logger)
{
    /// <summary>Runs the request, through a matching rule if there is one.</summary>
    public Task InvokeAsync(HttpContext context)
        => rules.IsEmpty || context.Features.Get<Account>() is not { } account || IsSandboxOwn(context.Request.Path)
            ? next(context)
            : ApplyAsync(context, account);

    private static bool IsSandboxOwn(PathString path)
        => path.StartsWithSegments("/sandbox", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/dashboard", StringComparison.OrdinalIgnoreCase);

    private async Task ApplyAsync(HttpContext context, Account account)
    {
        if (rules.Match(account.Id, context.Request.Method, context.Request.Path.Value ?? "", wall.GetUtcNow()) is not { } match)
        {
            await next(context);
            return;
        }
        var rule = match.Rule;
        if (match.Counted)
        {
            var taken = await context.RequestServices.GetRequiredService<FaultRuleStore>().TakeAsync(rule.Id, context.RequestAborted);
            rules.Changed.Notify();   // its count moved: read the rules again
            if (!taken)
            {
                await next(context);
                return;
            }
        }
        logger.LogInformation("Fault rule {RuleId} ({Action}) applied to {Method} {Path}", rule.Id, rule.Action, context.Request.Method, context.Request.Path);
        telemetry.FaultFired(rule.Action.ToString());
        switch (rule.Action)
        {
            case FaultAction.Delay:
                await Task.Delay(rule.Delay ?? TimeSpan.Zero, context.RequestAborted);
                await next(context);
                break;
            case FaultAction.Status:
                await WriteStatusAsync(context, rule);
                break;
            case FaultAction.DropAfterCommit:
                await RunBufferedAsync(context);
                // The change is stored; the answer never leaves: the connection is reset with nothing sent.
                context.Abort();
                break;
            case FaultAction.TimeoutAfterCommit:
                var answer = await RunBufferedAsync(context);
                await Task.Delay(rule.Hold ?? TimeSpan.Zero, context.RequestAborted);
                await context.Response.Body.WriteAsync(answer, context.RequestAborted);
                break;
        }
    }

    private static Task WriteStatusAsync(HttpContext context, FaultRule rule)
    {
        var status = rule.Status ?? StatusCodes.Status503ServiceUnavailable;
        if (rule.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var title = status switch
        {
            500 => "Internal Server Error",
            502 => "Bad Gateway",
            429 => "Too Many Requests",
            _ => "Service Unavailable",
        };
        return ApiErrorWriter.WriteAsync(context, new ApiError(status, title, $"Injected by sandbox fault rule {rule.Id}; nothing was stored."));
    }

    // Runs the request with its response body kept in memory, so nothing is sent yet; returns the body.
    private async Task<ReadOnlyMemory<byte>> RunBufferedAsync(HttpContext context)
    {
        var body = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }
        return buffer.ToArray();
    }
}
