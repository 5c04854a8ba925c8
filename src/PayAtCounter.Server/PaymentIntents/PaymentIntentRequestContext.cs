using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PayAtCounter.Contracts;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Sandbox;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.TerminalSessions;
using PayAtCounter.Server.Versioning;

namespace PayAtCounter.Server.PaymentIntents;

/// <summary>What every payment-intent handler needs, bound once per request with <c>[AsParameters]</c>.
/// The services are marked as such: otherwise the generated handlers decide at start-up between a service and a
/// JSON body for each, and describe every endpoint as taking a body.</summary>
public sealed record PaymentIntentRequestContext(
    HttpContext Http,
    [FromServices] PaymentIntentStore Store,
    [FromServices] TerminalSessionStore Sessions,
    [FromServices] TimeProvider Clock,
    [FromServices] IdGenerator Ids,
    [FromServices] IOptions<SandboxOptions> Sandbox)
{
    /// <summary>The caller's account.</summary>
    public Account Account => Http.Account();

    /// <summary>The API version the caller asked for.</summary>
    public DojoVersion Version => Http.RequestedVersion();

    /// <summary>The wire model of an intent for this caller, with its terminal-session history.</summary>
    public async Task<PaymentIntent> WireAsync(PaymentIntentState state, CancellationToken cancellationToken)
        => (await WireAsync([state], cancellationToken))[0];

    /// <summary>The wire models of several intents, reading their session histories in one query.</summary>
    public async Task<List<PaymentIntent>> WireAsync(IReadOnlyList<PaymentIntentState> states, CancellationToken cancellationToken)
    {
        var history = await Sessions.HistoryAsync(states.Select(s => s.Id).ToList(), cancellationToken);
        return states.Select(s => PaymentIntentMapping.ToWire(s, Version, Sandbox.Value.TradingName, history[s.Id].Select(TerminalSessionMapping.ToHistory).ToList())).ToList();
    }
}
