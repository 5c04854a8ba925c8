using Microsoft.AspNetCore.Http.HttpResults;
using PayAtCounter.Engine;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Engine.Terminals;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Errors;
using PayAtCounter.Server.TerminalSessions;
using PayAtCounter.Server.Terminals;

namespace PayAtCounter.Server.Sandbox;

/// <summary>
/// Sandbox control of virtual terminals (<c>/sandbox/terminals</c>): add, change and remove them, and act
/// on them as a person at the counter would: present a card, enter a PIN, press X, pull the battery.
/// </summary>
public static class SandboxTerminalsApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapSandboxTerminalsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/sandbox/terminals").WithTags("Sandbox").RequireApiKey()
            .WithSandboxErrors(400, 404, 409);
        api.MapGet("/", List).WithName("Sandbox_ListTerminals").WithSummary("List virtual terminals with their sandbox settings");
        api.MapPost("/", Add).WithName("Sandbox_AddTerminal").WithSummary("Add a virtual terminal");
        api.MapPatch("/{terminalId}", Change).WithName("Sandbox_ChangeTerminal").WithSummary("Rename a virtual terminal, change its mode, take it offline or leave it in its menu");
        api.MapDelete("/{terminalId}", Remove).WithName("Sandbox_RemoveTerminal").WithSummary("Remove a virtual terminal that is not running a session");
        api.MapPost("/{terminalId}/present-card", PresentCard).WithName("Sandbox_PresentCard").WithSummary("Interactive terminal: present a card (wait for the PresentCard notification first)");
        api.MapPost("/{terminalId}/enter-pin", EnterPin).WithName("Sandbox_EnterPin").WithSummary("Interactive terminal: enter the PIN");
        api.MapPost("/{terminalId}/press-cancel", PressCancel).WithName("Sandbox_PressCancel").WithSummary("Interactive terminal: press X before a card is presented");
        api.MapPost("/{terminalId}/power-off", PowerOff).WithName("Sandbox_PowerOff").WithSummary("Pull a terminal's battery: its running session expires 5 s later");
        api.MapPost("/{terminalId}/power-on", PowerOn).WithName("Sandbox_PowerOn").WithSummary("Switch a terminal back on");
        api.MapPost("/{terminalId}/next-session", SetNextSession).WithName("Sandbox_SetNextSession")
            .WithSummary("Set what the terminal's next session does: card outcome, slow card, disconnect after the card, PIN attempts");
        api.MapDelete("/{terminalId}/next-session", ClearNextSession).WithName("Sandbox_ClearNextSession").WithSummary("Clear the terminal's next-session plan");
        return api;
    }

    private static async Task<Ok<List<VirtualTerminal>>> List([AsParameters] TerminalRequestContext ctx, CancellationToken ct)
        => TypedResults.Ok((await ctx.Terminals.ListAsync(ctx.Account.Id, ct)).Select(VirtualTerminal.Of).ToList());

    internal static async Task<Results<Ok<VirtualTerminal>, ApiError>> Add(TerminalChange request, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Tid))
        {
            return ApiError.Validation("Tid", "The Tid field is required.");
        }
        if (await TidTakenAsync(ctx, request.Tid.Trim(), byOtherThan: null, ct) is { } taken)
        {
            return taken;
        }
        var now = ctx.Clock.GetUtcNow();
        var terminal = new TerminalState
        {
            Id = ctx.Ids.TerminalId(ctx.Account.IsSandbox),
            AccountId = ctx.Account.Id,
            Tid = request.Tid.Trim(),
            Name = request.Name ?? request.Tid.Trim(),
            Mode = request.Mode ?? TerminalMode.Scripted,
            Offline = request.Offline ?? false,
            BusyInMenu = request.BusyInMenu ?? false,
            UpdatedAt = now,
        };
        await ctx.Terminals.AddAsync([terminal]);
        return TypedResults.Ok(VirtualTerminal.Of(terminal));
    }

    internal static async Task<Results<Ok<VirtualTerminal>, ApiError>> Change(string terminalId, TerminalChange request, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        if (request.Tid is { } tid && string.IsNullOrWhiteSpace(tid))
        {
            return ApiError.Validation("Tid", "The Tid must not be empty.");
        }
        if (request.Tid is not null && await TidTakenAsync(ctx, request.Tid.Trim(), byOtherThan: terminalId, ct) is { } taken)
        {
            return taken;
        }
        var now = ctx.Clock.GetUtcNow();
        var outcome = await ctx.Terminals.UpdateAsync(ctx.Account.Id, terminalId, terminal =>
        {
            if (terminal.LiveSessionId is { } live && (request.Mode is not null || request.Offline == true || request.Tid is not null))
            {
                return DomainError.Conflict($"Terminal {terminalId} is running session {live}: wait for it, or use power-off to drop it.");
            }
            return (terminal with
            {
                Tid = request.Tid?.Trim() ?? terminal.Tid,
                Name = request.Name ?? terminal.Name,
                Mode = request.Mode ?? terminal.Mode,
                Offline = request.Offline ?? terminal.Offline,
                BusyInMenu = request.BusyInMenu ?? terminal.BusyInMenu,
            }).Touch(terminal, now);
        }, ct);
        return outcome.Succeeded ? TypedResults.Ok(VirtualTerminal.Of(outcome.Value!)) : ApiError.From(outcome.Error!);
    }

    // A TID names one terminal of an account: a till that picks its terminal by TID must find one. (Checked, not
    // indexed: two requests adding the same TID at the same instant can both pass.)
    private static async Task<ApiError?> TidTakenAsync(TerminalRequestContext ctx, string tid, string? byOtherThan, CancellationToken ct)
        => await ctx.Terminals.FindByTidAsync(ctx.Account.Id, tid, byOtherThan, ct) is { } other
            ? ApiError.Validation("Tid", $"Terminal {other.Id} already has the TID {tid}; each terminal of an account has its own.")
            : null;

    internal static async Task<Results<NoContent, ApiError>> Remove(string terminalId, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        var outcome = await ctx.Terminals.RemoveAsync(ctx.Account.Id, terminalId, ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ApiError.From(outcome.Error!);
    }

    internal static Task<Results<Ok<Contracts.TerminalSession>, ApiError>> PresentCard(string terminalId, PresentCardRequest? request, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        var card = PresentCardRequest.Read(request);
        return card.Error is { } invalid
            ? Task.FromResult<Results<Ok<Contracts.TerminalSession>, ApiError>>(invalid)
            : OnLiveSession(terminalId, ctx, (world, sim) => TerminalSessionCommands.PresentCard(world, card.EntryMode, card.Outcome, card.Scheme, sim), ct);
    }

    internal static Task<Results<Ok<Contracts.TerminalSession>, ApiError>> EnterPin(string terminalId, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
        => OnLiveSession(terminalId, ctx, TerminalSessionCommands.EnterPin, ct);

    internal static Task<Results<Ok<Contracts.TerminalSession>, ApiError>> PressCancel(string terminalId, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
        => OnLiveSession(terminalId, ctx, TerminalSessionCommands.PressCancel, ct);

    internal static async Task<Results<Ok<VirtualTerminal>, ApiError>> PowerOff(string terminalId, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        var terminal = await ctx.Terminals.FindAsync(ctx.Account.Id, terminalId, ct);
        if (terminal is null)
        {
            return ApiError.NotFound(TerminalNotFound.Message(terminalId));
        }
        var sim = ctx.Simulation();
        if (terminal.LiveSessionId is { } live)
        {
            var outcome = await ctx.Sessions.ApplyAsync(ctx.Account.Id, live, sim, world => TerminalSessionCommands.PowerOff(world, sim), ct);
            if (!outcome.Succeeded)
            {
                return ApiError.From(outcome.Error!);
            }
        }
        else
        {
            await ctx.Terminals.UpdateAsync(ctx.Account.Id, terminalId, t => (t with { Offline = true }).Touch(t, sim.Now), ct);
        }
        return TypedResults.Ok(VirtualTerminal.Of((await ctx.Terminals.FindAsync(ctx.Account.Id, terminalId, ct))!));
    }

    internal static async Task<Results<Ok<VirtualTerminal>, ApiError>> PowerOn(string terminalId, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        var now = ctx.Clock.GetUtcNow();
        var outcome = await ctx.Terminals.UpdateAsync(ctx.Account.Id, terminalId, t => (t with { Offline = false, BusyInMenu = false }).Touch(t, now), ct);
        return outcome.Succeeded ? TypedResults.Ok(VirtualTerminal.Of(outcome.Value!)) : ApiError.From(outcome.Error!);
    }

    private static async Task<Results<Ok<VirtualTerminal>, ApiError>> SetNextSession(string terminalId, NextSessionRequest request, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var cardAfter = SandboxIntervals.Read(request.CardAfter, "CardAfter", TimeSpan.FromMinutes(5), errors.Add);
        if (request.Disconnect is not (null or "AfterCard"))
        {
            errors.Add("Disconnect", "Disconnect must be AfterCard (the payment goes through, the terminal never says so), or left out.");
        }
        if (request.Disconnect == "AfterCard" && request.Outcome is { } planned && planned != CardOutcome.Approve)
        {
            errors.Add("Disconnect", "Disconnect AfterCard goes with an approved card (outcome Approve or left out): the terminal drops off after the approval.");
        }
        if (request.PinAttempts is < 1 or > 3)
        {
            errors.Add("PinAttempts", "PinAttempts must be 1 to 3: the PIN entries, the last one right (2 means one wrong PIN first).");
        }
        if (errors.ToError() is { } invalid)
        {
            return invalid;
        }
        var plan = new NextSessionPlan
        {
            Outcome = request.Outcome,
            CardAfter = cardAfter,
            DisconnectAfterCard = request.Disconnect == "AfterCard",
            WrongPins = (request.PinAttempts ?? 1) - 1,
        };
        var now = ctx.Clock.GetUtcNow();
        var changed = await ctx.Terminals.UpdateAsync(ctx.Account.Id, terminalId, t => (t with { NextSession = plan }).Touch(t, now), ct);
        return changed.Succeeded ? TypedResults.Ok(VirtualTerminal.Of(changed.Value!)) : ApiError.From(changed.Error!);
    }

    private static async Task<Results<Ok<VirtualTerminal>, ApiError>> ClearNextSession(string terminalId, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        var now = ctx.Clock.GetUtcNow();
        var changed = await ctx.Terminals.UpdateAsync(ctx.Account.Id, terminalId, t => (t with { NextSession = null }).Touch(t, now), ct);
        return changed.Succeeded ? TypedResults.Ok(VirtualTerminal.Of(changed.Value!)) : ApiError.From(changed.Error!);
    }

    private static async Task<Results<Ok<Contracts.TerminalSession>, ApiError>> OnLiveSession(
        string terminalId, TerminalRequestContext ctx, Func<SessionWorld, Simulation, Outcome<SessionWorldChange>> action, CancellationToken ct)
    {
        var terminal = await ctx.Terminals.FindAsync(ctx.Account.Id, terminalId, ct);
        if (terminal is null)
        {
            return ApiError.NotFound(TerminalNotFound.Message(terminalId));
        }
        if (terminal.Mode != TerminalMode.Interactive)
        {
            return ApiError.From(DomainError.Conflict($"Terminal {terminalId} is scripted; PATCH it with {{\"mode\":\"Interactive\"}} to drive it by hand."));
        }
        if (terminal.LiveSessionId is not { } live)
        {
            return ApiError.From(DomainError.Conflict($"Terminal {terminalId} has no session in progress."));
        }
        var sim = ctx.Simulation();
        var outcome = await ctx.Sessions.ApplyAsync(ctx.Account.Id, live, sim, world => action(world, sim), ct);
        return outcome.Succeeded ? TypedResults.Ok(TerminalSessionMapping.ToWire(outcome.Value!, ctx.Version)) : ApiError.From(outcome.Error!);
    }
}

/// <summary>A virtual terminal with its sandbox settings.</summary>
public sealed record VirtualTerminal(string Id, string Tid, string Name, Contracts.TerminalStatus Status, TerminalMode Mode, bool Offline, bool BusyInMenu, string? LiveSessionId, DateTimeOffset UpdatedAt,
    NextSessionRequest? NextSession = null)
{
    /// <summary>From the domain state; the plan in the terms it is set with, so it can be sent back as it is.</summary>
    public static VirtualTerminal Of(TerminalState t) => new(t.Id, t.Tid, t.Name, t.Status, t.Mode, t.Offline, t.BusyInMenu, t.LiveSessionId, t.UpdatedAt,
        t.NextSession is { } plan
            ? new NextSessionRequest(plan.Outcome, plan.CardAfter?.ToString("c", System.Globalization.CultureInfo.InvariantCulture), plan.DisconnectAfterCard ? "AfterCard" : null, plan.WrongPins + 1)
            : null);
}

/// <summary>Body of <c>POST /sandbox/terminals/{id}/next-session</c>: every part optional.</summary>
/// <param name="Outcome">Approve, Decline, Signature or Disconnect (TIP0's: expires unresolved, nothing paid).</param>
/// <param name="CardAfter">Scripted terminals: how long after asking for a card one comes, [d.]hh:mm:ss, at most 5 minutes.</param>
/// <param name="Disconnect">AfterCard: the card is approved and the intent paid, then the terminal drops off and the session expires.</param>
/// <param name="PinAttempts">PIN entries, 1–3, the last one right.</param>
public sealed record NextSessionRequest(CardOutcome? Outcome, string? CardAfter, string? Disconnect, int? PinAttempts);

/// <summary>Body of add and change: every field optional on change.</summary>
public sealed record TerminalChange(string? Tid, string? Name, TerminalMode? Mode, bool? Offline, bool? BusyInMenu);

/// <summary>Body of present-card.</summary>
/// <param name="EntryMode">ContactChip (default), Contactless, ManualEntry or Magstripe.</param>
/// <param name="Outcome">Approve, Decline, Signature or Disconnect; left out: the terminal's next-session plan's, or Approve.</param>
/// <param name="CardType">VISA (default), MASTERCARD, MAESTRO or AMEX.</param>
public sealed record PresentCardRequest(string? EntryMode, CardOutcome? Outcome, string? CardType)
{
    private static readonly string[] EntryModes = ["ContactChip", "Contactless", "ManualEntry", "Magstripe"];

    /// <summary>The card with its defaults, or the error that refuses it.</summary>
    internal static (ApiError? Error, string EntryMode, CardOutcome? Outcome, string? Scheme) Read(PresentCardRequest? request)
    {
        var entryMode = request?.EntryMode ?? "ContactChip";
        var scheme = request?.CardType?.ToUpperInvariant();
        var outcome = request?.Outcome;
        if (!EntryModes.Contains(entryMode, StringComparer.Ordinal))
        {
            return (ApiError.Validation("EntryMode", $"EntryMode must be one of {string.Join(", ", EntryModes)}."), entryMode, outcome, scheme);
        }
        if (scheme is not null && !SandboxCards.Numbers.ContainsKey(scheme))
        {
            return (ApiError.Validation("CardType", $"CardType must be one of {string.Join(", ", SandboxCards.Numbers.Keys)}."), entryMode, outcome, scheme);
        }
        return (null, entryMode, outcome, scheme);
    }
}
