using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PayAtCounter.Contracts;
using PayAtCounter.Engine.Clock;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Errors;
using PayAtCounter.Server.Scheduling;
using PayAtCounter.Server.PaymentIntents;

namespace PayAtCounter.Server.Sandbox;

/// <summary>
/// Sandbox control API (<c>/sandbox</c>): not part of Dojo's API. Moves the sandbox clock and makes card
/// payments on demand, so flows can be tested without waiting or a terminal.
/// </summary>
public static class SandboxApi
{
    private static readonly string[] EntryModes = ["ContactChip", "Contactless", "ManualEntry", "Magstripe"];
    private static readonly TimeSpan MaxAdvance = TimeSpan.FromDays(3650);

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapSandboxApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/sandbox").WithTags("Sandbox").RequireApiKey()
            .WithSandboxErrors(400, 404, 409);
        api.MapGet("/clock", GetClock).WithName("Sandbox_GetClock").WithSummary("Read the sandbox clock");
        api.MapPost("/clock/advance", AdvanceClock).WithName("Sandbox_AdvanceClock").WithSummary("Move sandbox time forward and run what became due");
        api.MapPost("/payment-intents/{paymentIntentId}/card-payment", PayByCard).WithName("Sandbox_CardPayment").WithSummary("Pay an intent with the sandbox test card, without a terminal");
        api.MapGet("/metrics", (SandboxMetrics metrics, bool? reset) => TypedResults.Ok(new SandboxMetricsResponse(metrics.SchedulerLag(reset == true))))
            .WithName("Sandbox_Metrics").WithSummary("Scheduler lag percentiles");
        return api;
    }

    private static Ok<ClockState> GetClock(SandboxClock clock) => TypedResults.Ok(ClockState.Of(clock, 0));

    internal static async Task<Results<Ok<ClockState>, ApiError>> AdvanceClock(AdvanceClockRequest request, SandboxClock clock, DueWorkRunner runner, ClockStore clockStore, WorkSignals signals, CancellationToken ct)
    {
        if (!TimeSpan.TryParse(request.Duration, CultureInfo.InvariantCulture, out var by) || by < TimeSpan.Zero || by > MaxAdvance)
        {
            return ApiError.Validation("Duration", "Duration must be an interval from 0 to 3650 days in the form [d.]hh:mm:ss, e.g. 00:01:20.");
        }
        await clockStore.AdvanceAsync(by);
        // Run what became due before answering, so the caller sees its effects immediately.
        var ran = await runner.RunDueAsync(ct);
        // The scheduler planned its sleep on the old time; the steps just run may have made new ones due sooner.
        signals.DueWorkPlanned(null);
        signals.Changed();
        return TypedResults.Ok(ClockState.Of(clock, ran));
    }

    private static async Task<Results<Ok<PaymentIntent>, ApiError>> PayByCard(
        string paymentIntentId, CardPaymentRequest? request, [AsParameters] PaymentIntentRequestContext ctx, CancellationToken ct)
    {
        var entryMode = request?.EntryMode ?? "ContactChip";
        if (!EntryModes.Contains(entryMode, StringComparer.Ordinal))
        {
            return ApiError.Validation("EntryMode", $"EntryMode must be one of {string.Join(", ", EntryModes)}.");
        }
        var approved = request?.Approved ?? true;
        var now = ctx.Clock.GetUtcNow();
        var outcome = await ctx.Store.UpdateAsync(ctx.Account.Id, paymentIntentId, state =>
        {
            var mode = state.CardHolderNotPresent ? "ManualEntry" : entryMode;
            return PaymentIntentCommands.RecordCardPayment(state, SandboxCards.Payment(state.TotalAmount.Value, mode, approved, ctx.Ids), now);
        }, ct);
        return outcome.Succeeded ? TypedResults.Ok(await ctx.WireAsync(outcome.Value!.State, ct)) : ApiError.From(outcome.Error!);
    }
}

/// <summary>Body of <c>POST /sandbox/clock/advance</c>.</summary>
/// <param name="Duration">How far to move the clock, <c>[d.]hh:mm:ss</c>.</param>
public sealed record AdvanceClockRequest(string? Duration);

/// <summary>The sandbox clock.</summary>
/// <param name="Now">Sandbox time.</param>
/// <param name="Speed">Sandbox seconds per real second.</param>
/// <param name="AdvancedBy">Total time added by advance calls.</param>
/// <param name="TransitionsRun">Scheduled transitions run by this call.</param>
public sealed record ClockState(DateTimeOffset Now, double Speed, string AdvancedBy, int TransitionsRun)
{
    /// <summary>The state of <paramref name="clock"/>.</summary>
    public static ClockState Of(SandboxClock clock, int ran)
        => new(clock.GetUtcNow(), clock.Speed, clock.AdvancedBy.ToString("c", CultureInfo.InvariantCulture), ran);
}

/// <summary>Body of <c>POST /sandbox/payment-intents/{id}/card-payment</c>.</summary>
/// <param name="EntryMode">ContactChip (default), Contactless, ManualEntry or Magstripe.</param>
/// <param name="Approved">False to simulate a decline; true by default.</param>
public sealed record CardPaymentRequest(string? EntryMode, bool? Approved);
