using PayAtCounter.Server.Dashboard.Components;
using PayAtCounter.Server.PaymentIntents;
using PayAtCounter.Server.Terminals;
using static PayAtCounter.Server.Dashboard.DashboardResults;

namespace PayAtCounter.Server.Dashboard;

/// <summary>Terminal sessions: the list, newest first, and one session's timeline and receipts.</summary>
internal static class SessionPages
{
    private const int PageSize = 50;

    public static void MapSessionPages(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/sessions", List);
        dashboard.MapGet("/sessions/{sessionId}", Show);
    }

    private static async Task<IResult> List(string? terminal, string? after, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        var terminalId = string.IsNullOrEmpty(terminal) ? null : terminal;
        var (sessions, older) = await ctx.Sessions.ListAsync(ctx.Account.Id, terminalId, after is null ? null : PageCursor.TryParse(after), PageSize, ct);
        var filter = terminalId is null ? "" : $"terminal={Uri.EscapeDataString(terminalId)}&";
        return Page<SessionsPage>(new
        {
            Sessions = sessions,
            Terminals = await ctx.Terminals.ListAsync(ctx.Account.Id, ct),
            TerminalId = terminalId,
            Self = $"/dashboard/sessions?{filter}{(after is null ? "" : $"after={Uri.EscapeDataString(after)}")}",
            Newer = after is null ? null : $"/dashboard/sessions?{filter}",
            Older = older is null ? null : $"/dashboard/sessions?{filter}after={older}",
        });
    }

    private static async Task<IResult> Show(string sessionId, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
        => await ctx.Sessions.FindAsync(ctx.Account.Id, sessionId, ct) is { } session
            ? Page<SessionPage>(new { Session = session })
            : NotFound($"This account has no terminal session {sessionId}.");
}
