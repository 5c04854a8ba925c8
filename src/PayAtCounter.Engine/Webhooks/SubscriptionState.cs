using System.Security.Cryptography;
using PayAtCounter.Contracts;
using PayAtCounter.Engine.Ids;

namespace PayAtCounter.Engine.Webhooks;

/// <summary>A webhook subscription and its secrets.</summary>
public sealed record SubscriptionState
{
    /// <summary>Id (<c>ws_…</c>).</summary>
    public required string Id { get; init; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; init; }
    /// <summary>Subscribed event names.</summary>
    public required IReadOnlyList<string> Events { get; init; }
    /// <summary>Delivery URL.</summary>
    public required string Url { get; init; }
    /// <summary>Description.</summary>
    public string? Description { get; init; }
    /// <summary>Secrets, oldest first; exactly one is active.</summary>
    public required IReadOnlyList<SecretState> Secrets { get; init; }
    /// <summary>Created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The secret that signs deliveries.</summary>
    public SecretState ActiveSecret => Secrets.First(s => s.IsActive);
}

/// <summary>A signing secret.</summary>
public sealed record SecretState(string Id, string Value, DateTimeOffset CreatedAt, bool IsActive);

/// <summary>Subscriptions and secret rotation (contract §2.18–2.26, A23, A24).</summary>
public static class SubscriptionCommands
{
    /// <summary>At most this many secrets per subscription: the active one and one being rotated in (A24).</summary>
    public const int MaxSecrets = 2;

    /// <summary>Events that can be subscribed to, by model (A23).</summary>
    public static readonly IReadOnlyList<(string Model, string[] Events)> Catalogue =
    [
        ("PaymentIntent", ["payment_intent.created", "payment_intent.updated", "payment_intent.status_updated"]),
        ("Payment", ["payment.successful"]),
        ("Order", ["order.created"]),
    ];

    /// <summary>True for a known event name.</summary>
    public static bool IsKnownEvent(string name) => Catalogue.Any(c => c.Events.Contains(name, StringComparer.Ordinal));

    /// <summary>A new subscription with one active secret.</summary>
    public static SubscriptionState Create(string accountId, IReadOnlyList<string> events, string url, string? description, DateTimeOffset now, IdGenerator ids) => new()
    {
        Id = ids.Prefixed("ws_"),
        AccountId = accountId,
        Events = events.Distinct(StringComparer.Ordinal).ToList(),
        Url = url,
        Description = description,
        Secrets = [NewSecret(now, ids, active: true)],
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>Adds an inactive secret to rotate to; refused when the subscription already has the maximum.</summary>
    public static Outcome<SubscriptionState> GenerateSecret(SubscriptionState state, DateTimeOffset now, IdGenerator ids)
        => state.Secrets.Count >= MaxSecrets
            ? DomainError.Conflict($"Subscription {state.Id} already has {MaxSecrets} secrets; delete the inactive one first.")
            : state with { Secrets = [.. state.Secrets, NewSecret(now, ids, active: false)], UpdatedAt = now };

    /// <summary>Makes one secret the active one and the others inactive.</summary>
    public static Outcome<SubscriptionState> ActivateSecret(SubscriptionState state, string secretId, DateTimeOffset now)
        => state.Secrets.All(s => s.Id != secretId)
            ? DomainError.NotFound($"Subscription {state.Id} has no secret {secretId}.")
            : state with { Secrets = state.Secrets.Select(s => s with { IsActive = s.Id == secretId }).ToList(), UpdatedAt = now };

    /// <summary>Deletes an inactive secret; the active one cannot be deleted.</summary>
    public static Outcome<SubscriptionState> DeleteSecret(SubscriptionState state, string secretId, DateTimeOffset now)
    {
        var secret = state.Secrets.FirstOrDefault(s => s.Id == secretId);
        if (secret is null)
        {
            return DomainError.NotFound($"Subscription {state.Id} has no secret {secretId}.");
        }
        return secret.IsActive
            ? DomainError.Conflict($"Secret {secretId} is active; activate another secret before deleting it.")
            : state with { Secrets = state.Secrets.Where(s => s.Id != secretId).ToList(), UpdatedAt = now };
    }

    private static SecretState NewSecret(DateTimeOffset now, IdGenerator ids, bool active)
        // Secrets are credentials: always from the cryptographic generator, even when ids are seeded.
        => new(ids.Prefixed("sc_"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'), now, active);
}
