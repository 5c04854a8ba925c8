using Microsoft.AspNetCore.Http.HttpResults;
using PayAtCounter.Contracts;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Engine.Webhooks;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Errors;
using PayAtCounter.Server.Sandbox;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Webhooks;

/// <summary>
/// Sandbox tools for webhook receivers (<c>/sandbox/webhooks</c>): see every delivery and its attempts,
/// send one again, and emit a test event.
/// </summary>
public static class SandboxWebhooksApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapSandboxWebhooksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/sandbox/webhooks").WithTags("Sandbox").RequireApiKey()
            .WithSandboxErrors(400, 404);
        api.MapGet("/deliveries", Deliveries).WithName("Sandbox_ListWebhookDeliveries").WithSummary("List webhook deliveries with every attempt, newest first");
        api.MapGet("/deliveries/{deliveryId}", Delivery).WithName("Sandbox_GetWebhookDelivery").WithSummary("Get one webhook delivery and the exact body it sends");
        api.MapPost("/deliveries/{deliveryId}/redeliver", Redeliver).WithName("Sandbox_RedeliverWebhook").WithSummary("Send a webhook delivery again now");
        api.MapPost("/test-event", TestEvent).WithName("Sandbox_SendTestWebhookEvent").WithSummary("Emit a test webhook event to the subscriptions that want it");
        return api;
    }

    private static async Task<Results<Ok<List<DeliveryState>>, ApiError>> Deliveries(string? subscriptionId, string? eventId, int? limit, HttpContext http, WebhookStore store, CancellationToken ct)
    {
        if (limit is < 1 or > 500)
        {
            return ApiError.Validation("limit", "The limit must be between 1 and 500.");
        }
        return TypedResults.Ok((await store.DeliveriesAsync(http.Account().Id, subscriptionId, eventId, limit ?? 100, ct)).ToList());
    }

    private static async Task<Results<Ok<DeliveryWithPayload>, ApiError>> Delivery(string deliveryId, HttpContext http, WebhookStore store, CancellationToken ct)
    {
        var delivery = await store.FindDeliveryAsync(http.Account().Id, deliveryId, ct);
        if (delivery is null)
        {
            return ApiError.NotFound($"No webhook delivery with id {deliveryId}.");
        }
        return TypedResults.Ok(new DeliveryWithPayload(delivery, await store.PayloadAsync(delivery.AccountId, delivery.EventId, ct) ?? ""));
    }

    internal static async Task<Results<Ok<DeliveryState>, ApiError>> Redeliver(string deliveryId, HttpContext http, WebhookStore store, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var outcome = await store.UpdateDeliveryAsync(http.Account().Id, deliveryId, d => RetryPolicy.Redeliver(d, now), ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : ApiError.From(outcome.Error!);
    }

    internal static async Task<Results<Ok<TestEventResult>, ApiError>> TestEvent(TestEventRequest? request, HttpContext http, StorageWriter writer, IdGenerator ids, TimeProvider clock)
    {
        var type = request?.Event ?? PaymentIntentEvent.StatusUpdated;
        if (!type.StartsWith("payment_intent.", StringComparison.Ordinal) || !SubscriptionCommands.IsKnownEvent(type))
        {
            return ApiError.Validation("Event", "Event must be payment_intent.created, payment_intent.updated or payment_intent.status_updated.");
        }
        var account = http.Account();
        var now = clock.GetUtcNow();
        var evt = new PaymentIntentEvent(type, request?.PaymentIntentId ?? ids.PaymentIntentId(account.IsSandbox), request?.PaymentStatus ?? PaymentIntentStatus.Captured, CaptureMode.Auto, now);
        var work = new UnitOfWork();
        var row = Outbox.Add(work, ids, account.Id, [evt])[0];
        if (!await writer.CommitAsync(work))
        {
            throw new InvalidOperationException($"Event id {row.Id} is already taken.");
        }
        return TypedResults.Ok(new TestEventResult(row.Id, row.Payload));
    }
}

/// <summary>A delivery with the exact body it sends.</summary>
public sealed record DeliveryWithPayload(DeliveryState Delivery, string Payload);

/// <summary>Body of <c>POST /sandbox/webhooks/test-event</c>; every field optional.</summary>
/// <param name="Event">Event name; <c>payment_intent.status_updated</c> by default.</param>
/// <param name="PaymentIntentId">Intent id to put in <c>data</c>; a made-up one by default.</param>
/// <param name="PaymentStatus">Status to put in <c>data</c>; Captured by default.</param>
public sealed record TestEventRequest(string? Event, string? PaymentIntentId, PaymentIntentStatus? PaymentStatus);

/// <summary>The emitted test event.</summary>
public sealed record TestEventResult(string EventId, string Payload);
