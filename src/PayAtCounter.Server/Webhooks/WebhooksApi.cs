using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PayAtCounter.Contracts;
using PayAtCounter.Engine;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.Webhooks;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Errors;
using PayAtCounter.Server.Versioning;

namespace PayAtCounter.Server.Webhooks;

/// <summary>The <c>/webhooks</c> endpoints (contract §2.18–2.26).</summary>
public static class WebhooksApi
{
    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/webhooks").WithTags("Webhooks").RequireApiKey().WithMetadata(new RequiresDojoVersionAttribute());
        api.MapGet("/events", Events).WithName("Webhooks_GetAllWebhooks").WithSummary("List the webhook events that can be subscribed to");
        api.MapGet("/", List).WithName("Webhooks_GetAlSubscriptions").WithSummary("List the account's webhook subscriptions");
        api.MapPost("/", Subscribe).WithName("Webhooks_Subscribe").WithSummary("Subscribe a URL to webhook events");
        api.MapPatch("/{subscriptionId}", Update).WithName("Webhooks_SubscribeUpdate").WithSummary("Change a subscription's events, URL or description");
        api.MapDelete("/{subscriptionId}", Delete).WithName("Webhooks_DeleteSubscriptions").WithSummary("Delete a subscription; its pending deliveries stop");
        api.MapGet("/{subscriptionId}/secrets", Secrets).WithName("Webhooks_GetSecrets").WithSummary("List a subscription's signing secrets");
        api.MapPost("/{subscriptionId}/secrets", GenerateSecret).WithName("Webhooks_GenerateSecret").WithSummary("Add a new, inactive signing secret (two at most)");
        api.MapPut("/{subscriptionId}/secrets/{secretId}/activate", ActivateSecret).WithName("Webhooks_ActivateSecret").WithSummary("Make a secret the one that signs deliveries");
        api.MapDelete("/{subscriptionId}/secrets/{secretId}", DeleteSecret).WithName("Webhooks_DeleteSecret").WithSummary("Delete an inactive signing secret");
        return api;
    }

    private static Ok<List<WebhookEvents>> Events()
        => TypedResults.Ok(SubscriptionCommands.Catalogue.Select(c => new WebhookEvents { Model = c.Model, Events = [.. c.Events] }).ToList());

    private static async Task<Ok<List<Subscription>>> List(HttpContext http, WebhookStore store, CancellationToken ct)
        => TypedResults.Ok((await store.ListAsync(http.Account().Id, ct)).Select(WebhookMapping.ToWire).ToList());

    private static async Task<Results<Ok<Subscription>, ApiError>> Subscribe(SubscriptionRequest request, HttpContext http, WebhookStore store, TimeProvider clock, IdGenerator ids,
        IWebhookAddressResolver resolver, IOptions<WebhookOptions> options, CancellationToken ct)
    {
        var errors = new FieldErrors();
        ValidateEvents(errors, request.Events, required: true);
        if (errors.Required("Url", request.Url) && ValidateUrl(errors, request.Url!))
        {
            await ValidateTargetAsync(errors, request.Url!, resolver, options.Value, ct);
        }
        errors.Length("Description", request.Description, 1024);
        if (errors.ToError() is { } error)
        {
            return error;
        }
        var account = http.Account();
        if ((await store.ListAsync(account.Id, ct)).Any(s => string.Equals(s.Url, request.Url, StringComparison.OrdinalIgnoreCase)))
        {
            return ApiError.From(DomainError.Conflict($"A subscription to {request.Url} already exists; update it instead."));
        }
        var subscription = SubscriptionCommands.Create(account.Id, request.Events!, request.Url!, request.Description, clock.GetUtcNow(), ids);
        await store.AddAsync(subscription);
        return TypedResults.Ok(WebhookMapping.ToWire(subscription));
    }

    private static async Task<Results<Ok<Subscription>, ApiError>> Update(string subscriptionId, SubscriptionUpdateRequest request, HttpContext http, WebhookStore store, TimeProvider clock,
        IWebhookAddressResolver resolver, IOptions<WebhookOptions> options, CancellationToken ct)
    {
        var errors = new FieldErrors();
        ValidateEvents(errors, request.Events, required: false);
        if (request.Url is not null && ValidateUrl(errors, request.Url))
        {
            await ValidateTargetAsync(errors, request.Url, resolver, options.Value, ct);
        }
        errors.Length("Description", request.Description, 1024);
        if (errors.ToError() is { } error)
        {
            return error;
        }
        var account = http.Account();
        if (request.Url is not null && (await store.ListAsync(account.Id, ct)).Any(s => s.Id != subscriptionId && string.Equals(s.Url, request.Url, StringComparison.OrdinalIgnoreCase)))
        {
            return ApiError.From(DomainError.Conflict($"Another subscription already posts to {request.Url}."));
        }
        var now = clock.GetUtcNow();
        var outcome = await store.UpdateAsync(account.Id, subscriptionId, s => s with
        {
            Events = request.Events?.Distinct(StringComparer.Ordinal).ToList() ?? s.Events,
            Url = request.Url ?? s.Url,
            Description = request.Description ?? s.Description,
            UpdatedAt = now,
        }, ct);
        return outcome.Succeeded ? TypedResults.Ok(WebhookMapping.ToWire(outcome.Value!)) : ApiError.From(outcome.Error!);
    }

    private static async Task<Results<NoContent, ApiError>> Delete(string subscriptionId, HttpContext http, WebhookStore store, CancellationToken ct)
    {
        var outcome = await store.DeleteAsync(http.Account().Id, subscriptionId, ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ApiError.From(outcome.Error!);
    }

    private static async Task<Results<Ok<SecretsResponse>, ApiError>> Secrets(string subscriptionId, HttpContext http, WebhookStore store, CancellationToken ct)
        => await store.FindAsync(http.Account().Id, subscriptionId, ct) is { } s
            ? TypedResults.Ok(new SecretsResponse { Id = s.Id, Secrets = WebhookMapping.Secrets(s) })
            : NotFound(subscriptionId);

    private static async Task<Results<Ok<SecretsResponse>, ApiError>> GenerateSecret(string subscriptionId, HttpContext http, WebhookStore store, TimeProvider clock, IdGenerator ids, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var outcome = await store.UpdateAsync(http.Account().Id, subscriptionId, s => SubscriptionCommands.GenerateSecret(s, now, ids), ct);
        return outcome.Succeeded
            ? TypedResults.Ok(new SecretsResponse { Id = outcome.Value!.Id, Secrets = WebhookMapping.Secrets(outcome.Value) })
            : ApiError.From(outcome.Error!);
    }

    private static async Task<Results<NoContent, ApiError>> ActivateSecret(string subscriptionId, string secretId, HttpContext http, WebhookStore store, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var outcome = await store.UpdateAsync(http.Account().Id, subscriptionId, s => SubscriptionCommands.ActivateSecret(s, secretId, now), ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ApiError.From(outcome.Error!);
    }

    private static async Task<Results<NoContent, ApiError>> DeleteSecret(string subscriptionId, string secretId, HttpContext http, WebhookStore store, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var outcome = await store.UpdateAsync(http.Account().Id, subscriptionId, s => SubscriptionCommands.DeleteSecret(s, secretId, now), ct);
        return outcome.Succeeded ? TypedResults.NoContent() : ApiError.From(outcome.Error!);
    }

    internal static void ValidateEvents(FieldErrors errors, List<string>? events, bool required)
    {
        if (events is null)
        {
            if (required)
            {
                errors.Add("Events", "The Events field is required.");
            }
            return;
        }
        if (events.Count == 0)
        {
            errors.Add("Events", "Subscribe to at least one event; GET /webhooks/events lists them.");
        }
        foreach (var name in events.Where(e => !SubscriptionCommands.IsKnownEvent(e)))
        {
            errors.Add("Events", $"'{name}' is not an event; GET /webhooks/events lists them.");
        }
    }

    // Dojo requires https. Plain http is also accepted on loopback so a receiver on the developer's machine works.
    internal static bool ValidateUrl(FieldErrors errors, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && WebhookDispatcher.IsLoopback(uri.Host))))
        {
            errors.Add("Url", "The Url must be an absolute https:// URL (or http:// on localhost / 127.0.0.1 / [::1] for local development).");
            return false;
        }
        return true;
    }

    // Where the URL's host resolves now must be a place a webhook may go (each delivery checks again where it
    // connects). A name that does not resolve yet is accepted: a receiver may not be up when it is subscribed.
    private static async Task ValidateTargetAsync(FieldErrors errors, string url, IWebhookAddressResolver resolver, WebhookOptions options, CancellationToken ct)
    {
        var host = new Uri(url).Host;
        System.Net.IPAddress[] addresses;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            addresses = await resolver.ResolveAsync(host, timeout.Token);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return;
        }
        if (addresses.Select(a => WebhookTargets.Refusal(a, options)).FirstOrDefault(r => r is not null) is { } refusal)
        {
            errors.Add("Url", $"Webhooks cannot be delivered to {host}: {refusal}.");
        }
    }

    private static ApiError NotFound(string id) => ApiError.NotFound($"No webhook subscription with id {id}.");
}
