using System.Collections.Concurrent;
using PayAtCounter.Client;

namespace PayAtCounter.Till;

/// <summary>The page's JSON routes (<c>/api/…</c>) and the webhook receiver (<c>/webhooks/dojo</c>).</summary>
public static class TillApi
{
    /// <summary>A sale from the page.</summary>
    public sealed record SaleForm(List<BasketLine> Lines, List<BasketTax>? Taxes, string? Terminal, bool PreAuth, long Tips, long Cashback, bool CardHolderNotPresent);

    /// <summary>An amount from the page, in pence; null for "all".</summary>
    public sealed record AmountForm(long? Amount, string? Terminal, string? Reason);

    /// <summary>A signature decision.</summary>
    public sealed record SignatureForm(bool Accepted);

    /// <summary>A receiver URL to subscribe.</summary>
    public sealed record SubscribeForm(string Url);

    /// <summary>Maps the routes.</summary>
    public static WebApplication MapTill(this WebApplication app)
    {
        var following = new ConcurrentDictionary<string, Task>();
        var stopping = app.Lifetime.ApplicationStopping;
        // Each order's session is followed in the background, once a second, until it ends. If following fails (Dojo
        // unreachable for long), the order says so and asks the person to check the PDQ; nothing is lost unobserved.
        void Follow(Counter counter, Order order) => following[order.Reference] = Task.Run(async () =>
        {
            try
            {
                await counter.FollowAsync(order, cancellationToken: stopping);
            }
            catch (Exception ex) when (ex is TillException or DojoApiException or HttpRequestException || ex is OperationCanceledException && !stopping.IsCancellationRequested)
            {
                counter.LostTrack(order, ex.Message);
            }
        });

        var api = app.MapGroup("/api").AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (TillException ex)
            {
                return Results.BadRequest(new { message = ex.Message });
            }
        });
        api.MapGet("/state", (Counter counter) => Results.Json(new { orders = counter.Orders, journal = counter.Journal.Entries.Reverse().Take(100) }, TillJson.Options));
        api.MapGet("/terminals", async (Counter counter, CancellationToken ct) => Results.Json(await counter.TerminalsAsync(ct), TillJson.Options));
        api.MapPost("/sales", async (SaleForm form, Counter counter, CancellationToken ct) =>
        {
            var order = await counter.SellAsync(new SaleRequest(new Basket(form.Lines, form.Taxes ?? []), form.Terminal, form.PreAuth, form.Tips, form.Cashback, form.CardHolderNotPresent), ct);
            Follow(counter, order);
            return Results.Json(order, TillJson.Options);
        });
        api.MapPost("/orders/{reference}/signature", (string reference, SignatureForm form, Counter counter, CancellationToken ct) => Act(() => counter.SignatureAsync(counter.Find(reference), form.Accepted, ct)));
        api.MapPost("/orders/{reference}/cancel", (string reference, Counter counter, CancellationToken ct) => Act(() => counter.CancelAsync(counter.Find(reference), ct)));
        api.MapPost("/orders/{reference}/retry", async (string reference, AmountForm? form, Counter counter, CancellationToken ct) =>
        {
            var order = counter.Find(reference);
            await counter.RetryAsync(order, form?.Terminal, ct);
            Follow(counter, order);
            return Results.Json(order, TillJson.Options);
        });
        api.MapPost("/orders/{reference}/by-hand", (string reference, Counter counter) => Act(() =>
        {
            counter.RecordByHand(counter.Find(reference));
            return Task.CompletedTask;
        }));
        api.MapPost("/orders/{reference}/amount", (string reference, AmountForm form, Counter counter, CancellationToken ct)
            => Act(() => counter.ChangeAmountAsync(counter.Find(reference), form.Amount ?? 0, ct)));
        api.MapPost("/orders/{reference}/capture", (string reference, AmountForm form, Counter counter, CancellationToken ct) =>
        {
            var order = counter.Find(reference);
            return Act(() => counter.CaptureAsync(order, form.Amount ?? order.Amount, ct));
        });
        api.MapPost("/orders/{reference}/refresh", (string reference, Counter counter, CancellationToken ct) => Act(() => counter.RefreshAsync(counter.Find(reference), ct)));
        api.MapPost("/orders/{reference}/reverse", (string reference, Counter counter, CancellationToken ct) => Act(() => counter.ReverseAsync(counter.Find(reference), ct)));
        api.MapPost("/orders/{reference}/refund", (string reference, AmountForm form, Counter counter, CancellationToken ct)
            => Act(() => counter.RefundAsync(counter.Find(reference), form.Amount, form.Reason ?? "Requested by customer", ct)));
        api.MapPost("/orders/{reference}/terminal-refund", async (string reference, AmountForm form, Counter counter, CancellationToken ct) =>
        {
            var refund = await counter.MatchedRefundAsync(counter.Find(reference), form.Terminal, form.Amount, ct);
            Follow(counter, refund);
            return Results.Json(refund, TillJson.Options);
        });
        api.MapPost("/refunds", async (AmountForm form, Counter counter, CancellationToken ct) =>
        {
            var refund = await counter.UnlinkedRefundAsync(form.Amount ?? throw new TillException("Enter the amount to refund."), form.Terminal, ct);
            Follow(counter, refund);
            return Results.Json(refund, TillJson.Options);
        });
        api.MapPost("/webhooks", async (SubscribeForm form, Counter counter, WebhookInbox inbox, CancellationToken ct) =>
        {
            inbox.Secret = await counter.SubscribeAsync(form.Url, ct);
            return Results.Ok(new { message = $"Subscribed {form.Url}; events are checked with its secret." });
        });

        // Dojo's deliveries: 200 for a verified event (also a repeat, so Dojo stops sending it), 401 for a bad signature.
        app.MapPost("/webhooks/dojo", async (HttpRequest request, WebhookInbox inbox) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            return inbox.Receive(body, request.Headers["Dojo-Signature"].FirstOrDefault()) == WebhookOutcome.Refused ? Results.Unauthorized() : Results.Ok();
        });
        return app;
    }

    private static async Task<IResult> Act(Func<Task> action)
    {
        await action();
        return Results.NoContent();
    }
}
