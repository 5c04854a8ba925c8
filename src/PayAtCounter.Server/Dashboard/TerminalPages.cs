using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PayAtCounter.Contracts;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Engine.Terminals;
using PayAtCounter.Server.Dashboard.Components;
using PayAtCounter.Server.Sandbox;
using PayAtCounter.Server.Terminals;
using PayAtCounter.Server.TerminalSessions;
using static PayAtCounter.Server.Dashboard.DashboardResults;

namespace PayAtCounter.Server.Dashboard;

/// <summary>
/// The terminals page and each terminal's virtual PDQ. Every control calls the same handler as the sandbox control
/// API (<see cref="SandboxTerminalsApi"/>), so the PDQ and a test driving the API act on the terminal alike.
/// </summary>
internal static class TerminalPages
{
    public static void MapTerminalPages(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/terminals", List);
        dashboard.MapPost("/terminals", Add);
        dashboard.MapGet("/terminals/{terminalId}", Pdq);
        dashboard.MapPost("/terminals/{terminalId}", Change);
        dashboard.MapPost("/terminals/{terminalId}/remove", Remove);
        dashboard.MapPost("/terminals/{terminalId}/card", PresentCard);
        dashboard.MapPost("/terminals/{terminalId}/pin", EnterPin);
        dashboard.MapPost("/terminals/{terminalId}/press-x", PressX);
        dashboard.MapPost("/terminals/{terminalId}/signature", Signature);
        dashboard.MapPost("/terminals/{terminalId}/device", Device);
    }

    private static async Task<IResult> List([AsParameters] TerminalRequestContext ctx, CancellationToken ct)
        => Page<TerminalsPage>(new { Terminals = await ctx.Terminals.ListAsync(ctx.Account.Id, ct) });

    private static async Task<IResult> Pdq(string terminalId, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        var terminal = await ctx.Terminals.FindAsync(ctx.Account.Id, terminalId, ct);
        if (terminal is null)
        {
            return NotFound(TerminalNotFound.Message(terminalId));
        }
        var session = terminal.LiveSessionId is { } live
            ? await ctx.Sessions.FindAsync(ctx.Account.Id, live, ct)
            : (await ctx.Sessions.ListAsync(ctx.Account.Id, terminalId, after: null, limit: 1, ct)).Items.FirstOrDefault();
        return Page<PdqPage>(new { View = PdqView.Of(terminal, session) });
    }

    private static async Task<RedirectHttpResult> Add([FromForm] string? tid, [FromForm] string? name, [FromForm] string? mode, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        var outcome = (await SandboxTerminalsApi.Add(new TerminalChange(tid, string.IsNullOrWhiteSpace(name) ? null : name.Trim(), ModeOf(mode), null, null), ctx, ct)).Result;
        return Back("/dashboard/terminals", outcome is Ok<VirtualTerminal> added ? $"Added terminal {added.Value!.Tid}." : Describe((Errors.ApiError)outcome));
    }

    private static async Task<RedirectHttpResult> Change(string terminalId, [FromForm] string? tid, [FromForm] string? name, [FromForm] string? mode, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        // The rename form sends the TID it showed; only a changed one counts as a change (a new TID waits for the
        // terminal's session to end, a new name does not).
        var current = await ctx.Terminals.FindAsync(ctx.Account.Id, terminalId, ct);
        var newTid = string.IsNullOrWhiteSpace(tid) || tid.Trim() == current?.Tid ? null : tid;
        var change = new TerminalChange(newTid, string.IsNullOrWhiteSpace(name) ? null : name.Trim(), ModeOf(mode), null, null);
        var outcome = (await SandboxTerminalsApi.Change(terminalId, change, ctx, ct)).Result;
        return Back("/dashboard/terminals", outcome is Ok<VirtualTerminal> changed ? $"Saved terminal {changed.Value!.Tid} ({changed.Value.Mode})." : Describe((Errors.ApiError)outcome));
    }

    private static async Task<RedirectHttpResult> Remove(string terminalId, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        var outcome = (await SandboxTerminalsApi.Remove(terminalId, ctx, ct)).Result;
        return Back("/dashboard/terminals", outcome is NoContent ? "Terminal removed." : Describe((Errors.ApiError)outcome));
    }

    private static async Task<RedirectHttpResult> PresentCard(string terminalId, [FromForm] string? entryMode, [FromForm] string? outcome, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        var card = new PresentCardRequest(entryMode, Enum.TryParse<CardOutcome>(outcome, out var chosen) ? chosen : null, null);
        return Back(PdqOf(terminalId), (await SandboxTerminalsApi.PresentCard(terminalId, card, ctx, ct)).Result);
    }

    private static async Task<RedirectHttpResult> EnterPin(string terminalId, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
        => Back(PdqOf(terminalId), (await SandboxTerminalsApi.EnterPin(terminalId, ctx, ct)).Result);

    private static async Task<RedirectHttpResult> PressX(string terminalId, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
        => Back(PdqOf(terminalId), (await SandboxTerminalsApi.PressCancel(terminalId, ctx, ct)).Result);

    // The merchant's decision, as the till would send it (PUT /terminal-sessions/{id}/signature).
    private static async Task<RedirectHttpResult> Signature(string terminalId, [FromForm] string? accepted, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        var terminal = await ctx.Terminals.FindAsync(ctx.Account.Id, terminalId, ct);
        if (terminal?.LiveSessionId is not { } live)
        {
            return Back(PdqOf(terminalId), "The terminal has no session waiting for a signature decision.");
        }
        var request = new SignatureVerificationRequest { Accepted = accepted == "true" };
        return Back(PdqOf(terminalId), (await TerminalSessionsApi.Signature(live, request, ctx, ct)).Result);
    }

    private static async Task<RedirectHttpResult> Device(string terminalId, [FromForm(Name = "do")] string? action, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        IResult outcome = action switch
        {
            "power-off" => (await SandboxTerminalsApi.PowerOff(terminalId, ctx, ct)).Result,
            "power-on" => (await SandboxTerminalsApi.PowerOn(terminalId, ctx, ct)).Result,
            "menu-on" or "menu-off" => (await SandboxTerminalsApi.Change(terminalId, new TerminalChange(null, null, null, null, action == "menu-on"), ctx, ct)).Result,
            "offline" or "online" => (await SandboxTerminalsApi.Change(terminalId, new TerminalChange(null, null, null, action == "offline", null), ctx, ct)).Result,
            _ => Errors.ApiError.Validation("do", "Unknown control."),
        };
        return Back(PdqOf(terminalId), outcome);
    }

    private static string PdqOf(string terminalId) => $"/dashboard/terminals/{Uri.EscapeDataString(terminalId)}";

    private static TerminalMode? ModeOf(string? mode) => Enum.TryParse<TerminalMode>(mode, out var parsed) ? parsed : null;
}
