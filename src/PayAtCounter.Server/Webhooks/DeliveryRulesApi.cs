using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.Webhooks;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Errors;
using PayAtCounter.Server.Readiness;
using PayAtCounter.Server.Sandbox;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Webhooks;

/// <summary>
/// Webhook delivery control (<c>/sandbox/webhooks/rules</c>, <c>/sandbox/webhooks/replay</c>,
/// <c>/sandbox/payment-intents/{id}/resend-events</c>): delay, duplicate, reorder or fail a subscription's
/// deliveries, and send past events again. Everything is signed as usual and shows in the delivery log.
/// </summary>
public static class DeliveryRulesApi
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);
    private static readonly TimeSpan LongestLife = TimeSpan.FromDays(7);
    private static readonly TimeSpan DefaultLife = TimeSpan.FromHours(1);

    /// <summary>Registers the store, the rules kept in memory and the loop that reads them.</summary>
    public static IServiceCollection AddDeliveryRules(this IServiceCollection services)
        => services.AddScoped<DeliveryRuleStore>().AddSingleton<DeliveryRules>().AddHostedService<DeliveryRuleLoop>();

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapDeliveryRulesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/sandbox/webhooks").WithTags("Sandbox").RequireApiKey().WithSandboxErrors(400, 404, 409);
        api.MapPost("/rules", Add).WithName("Sandbox_AddDeliveryRule")
            .WithSummary("Add a rule on a subscription's deliveries: Delay, Duplicate (same evt_ id twice), Reorder, or DropThenRetry");
        api.MapGet("/rules", List).WithName("Sandbox_ListDeliveryRules").WithSummary("List the account's delivery rules");
        api.MapDelete("/rules/{ruleId}", Remove).WithName("Sandbox_RemoveDeliveryRule").WithSummary("Remove a delivery rule");
        api.MapPost("/replay", Replay).WithName("Sandbox_ReplayWebhooks")
            .WithSummary("Send a past event, or every event of an intent, again: to one subscription or to every one that wants it");
        app.MapGroup("/sandbox/payment-intents").WithTags("Sandbox").RequireApiKey().WithSandboxErrors(400, 404)
            .MapPost("/{paymentIntentId}/resend-events", ResendEvents).WithName("Sandbox_ResendIntentEvents")
            .WithSummary("Send every webhook event of an intent again to the subscriptions that want it");
        return app;
    }

    private static async Task<Results<Created<DeliveryRuleView>, ApiError>> Add(DeliveryRuleRequest request, HttpContext http, DeliveryRuleStore store, DeliveryRules rules,
        WebhookStore subscriptions, IdGenerator ids, TimeProvider clock, WallClock wall, CancellationToken ct)
    {
        var account = http.Account().Id;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Error(string field, string message) => errors[field] = [message];
        if (string.IsNullOrWhiteSpace(request.SubscriptionId))
        {
            Error("SubscriptionId", "SubscriptionId is required: the subscription whose deliveries the rule acts on.");
        }
        DeliveryRuleAction? action = Enum.TryParse<DeliveryRuleAction>(request.Action, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
        if (action is null)
        {
            Error("Action", "Action must be one of Delay, Duplicate, Reorder, DropThenRetry.");
        }
        var delay = SandboxIntervals.Read(request.Delay, "Delay", LongestWait, Error);
        if (action == DeliveryRuleAction.Delay && delay is null && !errors.ContainsKey("Delay"))
        {
            Error("Delay", "Delay is required for the Delay action, e.g. 00:00:10.");
        }
        if (request.Delay is not null && action is not DeliveryRuleAction.Delay)
        {
            Error("Delay", "Delay only goes with the Delay action.");
        }
        var window = SandboxIntervals.Read(request.Window, "Window", LongestWait, Error);
        if (request.Window is not null && action is not DeliveryRuleAction.Reorder)
        {
            Error("Window", "Window only goes with the Reorder action.");
        }
        if (request.Failures is < 1 or > 20 || (request.Failures is not null && action != DeliveryRuleAction.DropThenRetry))
        {
            Error("Failures", "Failures is 1 to 20 attempts, with DropThenRetry.");
        }
        if (request.Count is < 1 or > 10_000 || (action == DeliveryRuleAction.Reorder && request.Count is 1) || (action == DeliveryRuleAction.DropThenRetry && request.Count is not null))
        {
            Error("Count", "Count must be from 1 to 10000 events (at least 2 for Reorder), or left out; DropThenRetry takes no count (it acts on every delivery while it lasts).");
        }
        var life = SandboxIntervals.Read(request.ExpiresIn, "ExpiresIn", LongestLife, Error) ?? DefaultLife;
        if (errors.Count > 0)
        {
            return ApiError.Validation(errors);
        }
        if (await subscriptions.FindAsync(account, request.SubscriptionId!, ct) is null)
        {
            return ApiError.NotFound($"No webhook subscription with id {request.SubscriptionId}.");
        }
        if (await store.CountActiveAsync(account, wall.GetUtcNow(), ct) >= DeliveryRuleStore.MaxRules)
        {
            return new ApiError(StatusCodes.Status409Conflict, "Conflict", $"The account has {DeliveryRuleStore.MaxRules} delivery rules, the most it can have; remove one first.");
        }
        var rule = new DeliveryRule
        {
            Id = ids.Prefixed("whr_"),
            AccountId = account,
            SubscriptionId = request.SubscriptionId!,
            Action = action!.Value,
            Delay = delay,
            Window = action == DeliveryRuleAction.Reorder ? window ?? TimeSpan.FromSeconds(2) : window,
            Failures = action == DeliveryRuleAction.DropThenRetry ? request.Failures ?? 1 : null,
            Count = action == DeliveryRuleAction.Reorder ? request.Count ?? 2 : request.Count,
            CreatedAt = clock.GetUtcNow(),
            ExpiresAt = wall.GetUtcNow() + life,
        };
        // An id already stored can come again after a seeded snapshot restore rewinds the sequence: take the next.
        for (var attempt = 0; !await store.AddAsync(rule); attempt++)
        {
            if (attempt == 4)
            {
                return new ApiError(StatusCodes.Status409Conflict, "Conflict", "The rule could not be stored; try again.");
            }
            rule = rule with { Id = ids.Prefixed("whr_") };
        }
        await rules.ReloadAsync(store, ct);
        return TypedResults.Created($"/sandbox/webhooks/rules/{rule.Id}", DeliveryRuleView.Of(rule, 0, wall.GetUtcNow()));
    }

    private static async Task<Ok<List<DeliveryRuleView>>> List(HttpContext http, DeliveryRuleStore store, WallClock wall, CancellationToken ct)
        => TypedResults.Ok((await store.ListAsync(http.Account().Id, ct)).Select(r => DeliveryRuleView.Of(r.ReadRule(), r.Used, wall.GetUtcNow())).ToList());

    private static async Task<Results<NoContent, ApiError>> Remove(string ruleId, HttpContext http, DeliveryRuleStore store, DeliveryRules rules, CancellationToken ct)
    {
        if (!await store.RemoveAsync(http.Account().Id, ruleId, ct))
        {
            return ApiError.NotFound($"No delivery rule with id {ruleId}.");
        }
        await rules.ReloadAsync(store, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ReplayResult>, ApiError>> Replay(ReplayRequest request, HttpContext http, PayAtCounterDb db, StorageWriter writer, IdGenerator ids, TimeProvider clock, CancellationToken ct)
    {
        if ((request.EventId is null) == (request.PaymentIntentId is null))
        {
            return ApiError.Validation("EventId", "Give either EventId (one event) or PaymentIntentId (every event of the intent).");
        }
        return await ReplayAsync(http.Account().Id, request.EventId, request.PaymentIntentId, request.SubscriptionId, db, writer, ids, clock, ct);
    }

    private static Task<Results<Ok<ReplayResult>, ApiError>> ResendEvents(string paymentIntentId, HttpContext http, PayAtCounterDb db, StorageWriter writer, IdGenerator ids, TimeProvider clock, CancellationToken ct)
        => ReplayAsync(http.Account().Id, null, paymentIntentId, null, db, writer, ids, clock, ct);

    // New deliveries of past events, due now: the dispatcher sends them as it sends retries, signed with the
    // subscription's active secret, each with its event's own evt_ id.
    private static async Task<Results<Ok<ReplayResult>, ApiError>> ReplayAsync(string accountId, string? eventId, string? paymentIntentId, string? subscriptionId,
        PayAtCounterDb db, StorageWriter writer, IdGenerator ids, TimeProvider clock, CancellationToken ct)
    {
        List<OutboxEventRow> events;
        if (eventId is not null)
        {
            events = await db.OutboxEvents.AsNoTracking().Where(e => e.Id == eventId && e.AccountId == accountId).ToListAsync(ct);
            if (events.Count == 0)
            {
                return ApiError.NotFound($"No webhook event with id {eventId}.");
            }
        }
        else
        {
            if (!await db.PaymentIntents.AsNoTracking().AnyAsync(p => p.Id == paymentIntentId && p.AccountId == accountId, ct))
            {
                return ApiError.NotFound($"No payment intent with id {paymentIntentId}.");
            }
            // The intent's id appears in each of its events' bodies. A scan of the account's events, for a rare,
            // explicit sandbox call: not worth an index that every event insert would pay for.
            var needle = $"\"{paymentIntentId}\"";
            events = await db.OutboxEvents.AsNoTracking().Where(e => e.AccountId == accountId && e.Payload.Contains(needle))
                .OrderBy(e => e.OccurredAtTicks).ThenBy(e => e.Id).ToListAsync(ct);
        }
        var subscriptions = (await db.WebhookSubscriptions.AsNoTracking().Where(w => w.AccountId == accountId && (subscriptionId == null || w.Id == subscriptionId)).ToListAsync(ct))
            .Select(r => r.ToState()).ToList();
        if (subscriptionId is not null && subscriptions.Count == 0)
        {
            return ApiError.NotFound($"No webhook subscription with id {subscriptionId}.");
        }
        var now = clock.GetUtcNow();
        var deliveries = (from evt in events
                          from subscription in subscriptions
                          where subscriptionId is not null || subscription.Events.Contains(evt.Type, StringComparer.Ordinal)
                          select new DeliveryState
                          {
                              Id = ids.Prefixed("whd_"),
                              AccountId = accountId,
                              EventId = evt.Id,
                              EventType = evt.Type,
                              SubscriptionId = subscription.Id,
                              Status = DeliveryStatus.Pending,
                              NextAttemptAt = now,
                              CreatedAt = now,
                          }).ToList();
        var work = new UnitOfWork();
        work.AddRange(deliveries.Select(d => WebhookDeliveryRow.From(d)));
        await writer.CommitAsync(work, db);
        return TypedResults.Ok(new ReplayResult(events.Count, deliveries));
    }
}

/// <summary>Body of <c>POST /sandbox/webhooks/rules</c>.</summary>
/// <param name="SubscriptionId">The subscription whose deliveries it acts on.</param>
/// <param name="Action">Delay, Duplicate, Reorder or DropThenRetry.</param>
/// <param name="Delay">Delay: how long each first attempt waits (sandbox time), at most 1 hour.</param>
/// <param name="Window">Reorder: how long events are held (sandbox time); 2 s if left out.</param>
/// <param name="Failures">DropThenRetry: failed attempts before one goes through; 1 if left out.</param>
/// <param name="Count">Events it acts on; no limit if left out (Reorder: events held together, 2 if left out).</param>
/// <param name="ExpiresIn">How long it lasts, real time; one hour if left out, at most 7 days.</param>
public sealed record DeliveryRuleRequest(string? SubscriptionId, string? Action, string? Delay, string? Window, int? Failures, int? Count, string? ExpiresIn);

/// <summary>A delivery rule.</summary>
/// <param name="Id">Its id (whr_…).</param>
/// <param name="SubscriptionId">The subscription it acts on.</param>
/// <param name="Action">What it does.</param>
/// <param name="Delay">Delay's wait.</param>
/// <param name="Window">Reorder's window.</param>
/// <param name="Failures">DropThenRetry's failed attempts per delivery.</param>
/// <param name="Count">Events it acts on; null for no limit.</param>
/// <param name="Used">Events it has acted on (DropThenRetry counts none: it acts on attempts).</param>
/// <param name="ExpiresAt">Real time it stops acting.</param>
/// <param name="Active">Whether it can still act.</param>
public sealed record DeliveryRuleView(string Id, string SubscriptionId, string Action, string? Delay, string? Window, int? Failures, int? Count, int Used, DateTimeOffset ExpiresAt, bool Active)
{
    internal static DeliveryRuleView Of(DeliveryRule rule, int used, DateTimeOffset now) => new(
        rule.Id, rule.SubscriptionId, rule.Action.ToString(), rule.Delay?.ToString("c", CultureInfo.InvariantCulture), rule.Window?.ToString("c", CultureInfo.InvariantCulture),
        rule.Failures, rule.Count, used, rule.ExpiresAt, rule.ExpiresAt > now && (rule.Count is not { } count || used < count));
}

/// <summary>Body of <c>POST /sandbox/webhooks/replay</c>.</summary>
/// <param name="EventId">One event to send again (evt_…).</param>
/// <param name="PaymentIntentId">Or: every event of this intent, oldest first.</param>
/// <param name="SubscriptionId">The subscription to send to (whatever events it wants); every subscription that wants each event if left out.</param>
public sealed record ReplayRequest(string? EventId, string? PaymentIntentId, string? SubscriptionId);

/// <summary>What a replay queued.</summary>
/// <param name="Events">Events found.</param>
/// <param name="Deliveries">The new deliveries, due now.</param>
public sealed record ReplayResult(int Events, IReadOnlyList<DeliveryState> Deliveries);
