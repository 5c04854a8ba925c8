using Microsoft.AspNetCore.Mvc;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Dashboard.Components;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Webhooks;
using static PayAtCounter.Server.Dashboard.DashboardResults;

namespace PayAtCounter.Server.Dashboard;

/// <summary>Webhooks: subscriptions, deliveries with their attempts, redelivery and test events (the sandbox API's own handlers).</summary>
internal static class WebhookPages
{
    private const int Shown = 100;

    public static void MapWebhookPages(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/webhooks", Show);
        dashboard.MapPost("/webhooks/deliveries/{deliveryId}/redeliver", Redeliver);
        dashboard.MapPost("/webhooks/test-event", TestEvent);
    }

    private static async Task<IResult> Show(HttpContext http, WebhookStore store, CancellationToken ct)
    {
        var account = http.Account().Id;
        return Page<WebhooksPage>(new
        {
            Subscriptions = await store.ListAsync(account, ct),
            Deliveries = await store.DeliveriesAsync(account, subscriptionId: null, eventId: null, Shown, ct),
        });
    }

    private static async Task<IResult> Redeliver(string deliveryId, HttpContext http, WebhookStore store, TimeProvider clock, CancellationToken ct)
    {
        var outcome = (await SandboxWebhooksApi.Redeliver(deliveryId, http, store, clock, ct)).Result;
        return Back("/dashboard/webhooks", outcome is Errors.ApiError error ? Describe(error) : $"Delivery {deliveryId} is being sent again.");
    }

    private static async Task<IResult> TestEvent([FromForm(Name = "event")] string? eventName, HttpContext http, StorageWriter writer, IdGenerator ids, TimeProvider clock)
    {
        var outcome = (await SandboxWebhooksApi.TestEvent(new TestEventRequest(eventName, null, null), http, writer, ids, clock)).Result;
        return Back("/dashboard/webhooks", outcome is Errors.ApiError error ? Describe(error) : $"Sent a test {eventName} event to the subscriptions that want it.");
    }
}
