using Microsoft.AspNetCore.Http.HttpResults;
using PayAtCounter.Contracts;
using PayAtCounter.Engine;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Errors;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using PayAtCounter.Server.Hosting;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Terminals;
using PayAtCounter.Server.Versioning;

namespace PayAtCounter.Server.TerminalSessions;

/// <summary>The <c>/terminal-sessions</c> endpoints (contract §2.14–2.17).</summary>
public static class TerminalSessionsApi
{
    /// <summary>Registers the feature's services.</summary>
    public static IServiceCollection AddTerminalSessions(this IServiceCollection services) => services.AddScoped<TerminalSessionStore>();

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapTerminalSessionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/terminal-sessions")
            .WithTags("Terminal sessions")
            .RequireApiKey()
            .WithMetadata(new RequiresDojoVersionAttribute(), new RequiresSoftwareHouseIdAttribute());
        api.MapPost("/", Create).WithName("TerminalSession_Create").WithSummary("Start a sale, matched refund or unlinked refund on a terminal");
        api.MapGet("/{terminalSessionId}", Get).WithName("TerminalSession_Get").WithSummary("Get a terminal session: status, notifications and receipts (poll once a second)");
        api.MapPut("/{terminalSessionId}/cancel", Cancel).WithName("TerminalSession_Cancel").WithSummary("Ask the terminal to cancel the session");
        api.MapPut("/{terminalSessionId}/signature", Signature).WithName("TerminalSession_Signature").WithSummary("Accept or reject the customer's signature");
        return api;
    }

    private static async Task<Results<Ok<TerminalSession>, ApiError>> Create(CreateTerminalSessionRequest request, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        var (command, error) = TerminalSessionValidation.Create(request);
        if (error is not null)
        {
            return error;
        }
        var sim = ctx.Simulation();
        var outcome = await ctx.Sessions.CreateAsync(ctx.Account.Id, command!.TerminalId, command.PaymentIntentId,
            (terminal, intent) => TerminalSessionCommands.Create(command, terminal, intent, ctx.Account.IsSandbox, sim), ct);
        return Respond(outcome, ctx);
    }

    // An EPOS polls a session once a second and keeps polling after it ends: a finished session's body is made once
    // per API variant and then sent as bytes (FinishedSessionCache).
    private static async Task<Results<Ok<TerminalSession>, Utf8JsonResult, ApiError>> Get(string terminalSessionId, [AsParameters] TerminalRequestContext ctx, FinishedSessionCache finished, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var final = finished.Find(ctx.Account.Id, terminalSessionId);
        if (final is null)
        {
            var session = await ctx.Sessions.FindAsync(ctx.Account.Id, terminalSessionId, ct);
            if (session is null)
            {
                return ApiError.NotFound($"No terminal session with id {terminalSessionId}.");
            }
            // Remembered by FindAsync if it is finished (and was not read before a reset or restore).
            if (finished.Find(ctx.Account.Id, terminalSessionId) is not { } justFinished)
            {
                return TypedResults.Ok(TerminalSessionMapping.ToWire(session, ctx.Version));
            }
            final = justFinished;
        }
        var version = ctx.Version;
        return new Utf8JsonResult(final.Body(version.Has2025Fields)
            ?? final.Keep(version.Has2025Fields, JsonSerializer.SerializeToUtf8Bytes(TerminalSessionMapping.ToWire(final.State, version), json.Value.SerializerOptions.GetTypeInfo(typeof(TerminalSession)))));
    }

    private static async Task<Results<Ok<TerminalSession>, ApiError>> Cancel(string terminalSessionId, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        var sim = ctx.Simulation();
        return Respond(await ctx.Sessions.ApplyAsync(ctx.Account.Id, terminalSessionId, sim, world => TerminalSessionCommands.Cancel(world, sim), ct), ctx);
    }

    internal static async Task<Results<Ok<TerminalSession>, ApiError>> Signature(string terminalSessionId, SignatureVerificationRequest request, [AsParameters] TerminalRequestContext ctx, CancellationToken ct)
    {
        if (request.Accepted is not { } accepted)
        {
            return ApiError.Validation("Accepted", "The Accepted field is required.");
        }
        var sim = ctx.Simulation();
        return Respond(await ctx.Sessions.ApplyAsync(ctx.Account.Id, terminalSessionId, sim, world => TerminalSessionCommands.Signature(world, accepted, sim), ct), ctx);
    }

    private static Results<Ok<TerminalSession>, ApiError> Respond(Outcome<TerminalSessionState> outcome, TerminalRequestContext ctx)
        => outcome.Succeeded ? TypedResults.Ok(TerminalSessionMapping.ToWire(outcome.Value!, ctx.Version)) : ApiError.From(outcome.Error!);
}
