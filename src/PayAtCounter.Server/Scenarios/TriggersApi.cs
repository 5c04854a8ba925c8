using Microsoft.AspNetCore.Http.HttpResults;
using PayAtCounter.Engine;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Errors;
using PayAtCounter.Server.Sandbox;
using PayAtCounter.Server.TerminalSessions;
using PayAtCounter.Server.Terminals;

namespace PayAtCounter.Server.Scenarios;

/// <summary>
/// Triggers on existing sessions (<c>/sandbox/terminal-sessions/{id}/…</c>): make one expire, decline, or take a
/// card now, on any terminal, scripted or interactive, without waiting for its script.
/// </summary>
public static class TriggersApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapTriggersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/sandbox/terminal-sessions").WithTags("Sandbox").RequireApiKey().WithSandboxErrors(400, 404, 409);
        api.MapPost("/{terminalSessionId}/expire", Expire).WithName("Sandbox_ExpireSession")
            .WithSummary("Expire a session now, as when the terminal drops off: unresolved, the intent as it was");
        api.MapPost("/{terminalSessionId}/decline", Decline).WithName("Sandbox_DeclineSession")
            .WithSummary("Make the issuer decline the session's card, whatever the terminal's script (before the card is read)");
        api.MapPost("/{terminalSessionId}/present-card", PresentCard).WithName("Sandbox_PresentCardToSession")
            .WithSummary("Present a card to the session's terminal now, on any terminal (once it is Initiated)");
        return api;
    }

    private static Task<Results<Ok<Contracts.TerminalSession>, ApiError>> Expire(string terminalSessionId, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
        => ApplyAsync(terminalSessionId, ctx, TerminalSessionCommands.Expire, ct);

    private static Task<Results<Ok<Contracts.TerminalSession>, ApiError>> Decline(string terminalSessionId, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
        => ApplyAsync(terminalSessionId, ctx, (world, _) => TerminalSessionCommands.Decline(world), ct);

    private static Task<Results<Ok<Contracts.TerminalSession>, ApiError>> PresentCard(string terminalSessionId, PresentCardRequest? request, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        var card = PresentCardRequest.Read(request);
        return card.Error is { } invalid
            ? Task.FromResult<Results<Ok<Contracts.TerminalSession>, ApiError>>(invalid)
            : ApplyAsync(terminalSessionId, ctx, (world, sim) => TerminalSessionCommands.PresentCard(world, card.EntryMode, card.Outcome, card.Scheme, sim), ct);
    }

    // Steps already due run first (a trigger acts on the session as it is now), then the trigger.
    private static async Task<Results<Ok<Contracts.TerminalSession>, ApiError>> ApplyAsync(
        string sessionId, TerminalRequestContext ctx, Func<SessionWorld, Simulation, Outcome<SessionWorldChange>> trigger, CancellationToken ct)
    {
        var sim = ctx.Simulation();
        var outcome = await ctx.Sessions.ApplyAsync(ctx.Account.Id, sessionId, sim, world => trigger(world, sim), ct);
        return outcome.Succeeded ? TypedResults.Ok(TerminalSessionMapping.ToWire(outcome.Value!, ctx.Version)) : ApiError.From(outcome.Error!);
    }
}
