using PayAtCounter.Contracts;

namespace PayAtCounter.Client;

/// <summary>The <c>/webhooks</c> operations.</summary>
public class WebhooksClient
{
    private readonly DojoClient _client = null!;

    /// <summary>For mocking.</summary>
    protected WebhooksClient()
    {
    }

    internal WebhooksClient(DojoClient client) => _client = client;

    /// <summary>The events that can be subscribed to.</summary>
    public virtual Task<List<WebhookEvents>> EventsAsync(CancellationToken cancellationToken = default)
        => _client.SendAsync<List<WebhookEvents>>(HttpMethod.Get, "webhooks/events", null, false, null, cancellationToken);

    /// <summary>All subscriptions.</summary>
    public virtual Task<List<Subscription>> ListAsync(CancellationToken cancellationToken = default)
        => _client.SendAsync<List<Subscription>>(HttpMethod.Get, "webhooks", null, false, null, cancellationToken);

    /// <summary>Subscribes a URL to events.</summary>
    public virtual Task<Subscription> SubscribeAsync(SubscriptionRequest request, CancellationToken cancellationToken = default)
        => _client.SendAsync<Subscription>(HttpMethod.Post, "webhooks", DojoClient.Json(request), false, null, cancellationToken);

    /// <summary>Changes the fields sent.</summary>
    public virtual Task<Subscription> UpdateAsync(string subscriptionId, SubscriptionUpdateRequest request, CancellationToken cancellationToken = default)
        => _client.SendAsync<Subscription>(new HttpMethod("PATCH"), $"webhooks/{DojoClient.Segment(subscriptionId)}", DojoClient.Json(request), false, null, cancellationToken);

    /// <summary>Deletes a subscription.</summary>
    public virtual async Task DeleteAsync(string subscriptionId, CancellationToken cancellationToken = default)
        => await _client.SendRawAsync(HttpMethod.Delete, $"webhooks/{DojoClient.Segment(subscriptionId)}", null, false, null, cancellationToken).ConfigureAwait(false);

    /// <summary>The subscription's secrets.</summary>
    public virtual Task<SecretsResponse> SecretsAsync(string subscriptionId, CancellationToken cancellationToken = default)
        => _client.SendAsync<SecretsResponse>(HttpMethod.Get, $"webhooks/{DojoClient.Segment(subscriptionId)}/secrets", null, false, null, cancellationToken);

    /// <summary>Adds a secret to rotate to.</summary>
    public virtual Task<SecretsResponse> GenerateSecretAsync(string subscriptionId, CancellationToken cancellationToken = default)
        => _client.SendAsync<SecretsResponse>(HttpMethod.Post, $"webhooks/{DojoClient.Segment(subscriptionId)}/secrets", null, false, null, cancellationToken);

    /// <summary>Makes a secret the one that signs deliveries.</summary>
    public virtual async Task ActivateSecretAsync(string subscriptionId, string secretId, CancellationToken cancellationToken = default)
        => await _client.SendRawAsync(HttpMethod.Put, $"webhooks/{DojoClient.Segment(subscriptionId)}/secrets/{DojoClient.Segment(secretId)}/activate", null, false, null, cancellationToken).ConfigureAwait(false);

    /// <summary>Deletes an inactive secret.</summary>
    public virtual async Task DeleteSecretAsync(string subscriptionId, string secretId, CancellationToken cancellationToken = default)
        => await _client.SendRawAsync(HttpMethod.Delete, $"webhooks/{DojoClient.Segment(subscriptionId)}/secrets/{DojoClient.Segment(secretId)}", null, false, null, cancellationToken).ConfigureAwait(false);
}
