using Microsoft.Extensions.Options;
using PayAtCounter.Contracts;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Server.Auth;
using PayAtCounter.Server.Sandbox;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Versioning;

namespace PayAtCounter.Server.PaymentIntents;

/// <summary>What every payment-intent handler needs, bound once per request with <c>[AsParameters]</c>.</summary>
public sealed record PaymentIntentRequestContext(
    HttpContext Http,
    PaymentIntentStore Store,
    TimeProvider Clock,
    IdGenerator Ids,
    IOptions<SandboxOptions> Sandbox)
{
    /// <summary>The caller's account.</summary>
    public Account Account => Http.Account();

    /// <summary>The API version the caller asked for.</summary>
    public DojoVersion Version => Http.Features.Get<DojoVersion>() ?? new DojoVersion(DojoVersion.Spec2025);

    /// <summary>The wire model of an intent for this caller.</summary>
    public PaymentIntent Wire(PaymentIntentState state) => PaymentIntentMapping.ToWire(state, Version, Sandbox.Value.TradingName);
}
