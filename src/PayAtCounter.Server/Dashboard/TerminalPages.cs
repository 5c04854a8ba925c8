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
/// The terminals page, each terminal's edit page and its virtual PDQ. Every control calls the same handler as the
/// sandbox control API (<see cref="SandboxTerminalsApi"/>), so the PDQ and a test driving the API act on the terminal
/// alike.
/// </summary>
internal static class TerminalPages
{
    public static void MapTerminalPages(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/terminals", List);
        dashboard.MapPost("/terminals", Add);
        dashboard.MapGet("/terminals/{terminalId}", Pdq);
        dashboard.MapPost("/terminals/{terminalId}", ChangeMode);
        dashboard.MapGet("/terminals/{terminalId}/edit", Edit);
        dashboard.MapPost("/terminals/{terminalId}/edit", Rename);
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

    private static async Task<IResult> Edit(string terminalId, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
        => await ctx.Terminals.FindAsync(ctx.Account.Id, terminalId, ct) is { } terminal
            ? Page<TerminalEditPage>(new { Terminal = terminal })
            : NotFound(TerminalNotFound.Message(terminalId));

    // The list's mode button: errors go back to the list, where the button was.
    private static async Task<RedirectHttpResult> ChangeMode(string terminalId, [FromForm] string? mode, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        var outcome = (await SandboxTerminalsApi.Change(terminalId, new TerminalChange(null, null, ModeOf(mode), null, null), ctx, ct)).Result;
        return Back("/dashboard/terminals", outcome is Ok<VirtualTerminal> changed ? Saved(changed.Value!) : Describe((Errors.ApiError)outcome));
    }

    // The edit page's form: saved, back to the list; refused, the form again with what was typed and why. (A 200, not
    // a 4xx: htmx swaps in only successful answers, and the person must see the reason.)
    private static async Task<IResult> Rename(string terminalId, [FromForm] string? tid, [FromForm] string? name, [FromForm] string? shownTid, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        var current = await ctx.Terminals.FindAsync(ctx.Account.Id, terminalId, ct);
        if (current is null)
        {
            return Back("/dashboard/terminals", TerminalNotFound.Message(terminalId));
        }
        // Only a TID the person changed counts: compared with the one the form showed, so saving a new name on a page
        // opened before the TID was changed elsewhere does not put the old TID back. (A new TID is refused while the
        // terminal runs a session, a new name is not.)
        var newTid = tid is null || tid.Trim() == (shownTid ?? current.Tid) ? null : tid;
        var change = new TerminalChange(newTid, string.IsNullOrWhiteSpace(name) ? null : name.Trim(), null, null, null);
        var outcome = (await SandboxTerminalsApi.Change(terminalId, change, ctx, ct)).Result;
        return outcome is Ok<VirtualTerminal> changed
            ? Back("/dashboard/terminals", Saved(changed.Value!))
            : Page<TerminalEditPage>(new { Terminal = current, Name = name, Tid = tid, ShownTid = shownTid, Error = Describe((Errors.ApiError)outcome) });
    }

    private static string Saved(VirtualTerminal terminal) => $"Saved terminal {terminal.Tid} ({terminal.Mode}).";

    // From the edit page: removed, back to the list; refused (a running session), back to the edit page with why. A
    // terminal already gone goes back to the list too: its edit page would be a 404, which htmx does not show.
    private static async Task<RedirectHttpResult> Remove(string terminalId, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        var outcome = (await SandboxTerminalsApi.Remove(terminalId, ctx, ct)).Result;
        return outcome switch
        {
            NoContent => Back("/dashboard/terminals", "Terminal removed."),
            Errors.ApiError { Status: StatusCodes.Status404NotFound } gone => Back("/dashboard/terminals", Describe(gone)),
            _ => Back(EditOf(terminalId), Describe((Errors.ApiError)outcome)),
        };
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

    private static string EditOf(string terminalId) => $"{PdqOf(terminalId)}/edit";

    private static TerminalMode? ModeOf(string? mode) => Enum.TryParse<TerminalMode>(mode, out var parsed) ? parsed : null;
}
