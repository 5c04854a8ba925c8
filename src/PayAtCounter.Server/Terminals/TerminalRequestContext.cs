using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Sandbox;
using PayAtCounter.Server.TerminalSessions;
using PayAtCounter.Server.Versioning;

namespace PayAtCounter.Server.Terminals;

/// <summary>What terminal and session handlers need, bound once per request with <c>[AsParameters]</c>.
/// The services are marked as such: otherwise the generated handlers decide at start-up between a service and a
/// JSON body for each, and describe every endpoint as taking a body.</summary>
public sealed record TerminalRequestContext(
    HttpContext Http,
    [FromServices] TerminalStore Terminals,
    [FromServices] TerminalSessionStore Sessions,
    [FromServices] TimeProvider Clock,
    [FromServices] IdGenerator Ids,
    [FromServices] IOptions<SandboxOptions> Sandbox)
{
    /// <summary>The caller's account.</summary>
    public Account Account => Http.Account();

    /// <summary>The API version the caller asked for.</summary>
    public DojoVersion Version => Http.RequestedVersion();

    /// <summary>The simulation inputs at this moment.</summary>
    public Simulation Simulation() => new(Clock.GetUtcNow(), Ids, Sandbox.Value.TradingName);
}
