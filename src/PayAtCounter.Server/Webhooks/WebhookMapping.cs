using PayAtCounter.Contracts;
using PayAtCounter.Engine.Webhooks;

namespace PayAtCounter.Server.Webhooks;

/// <summary>Maps subscriptions to Dojo's wire models.</summary>
public static class WebhookMapping
{
    /// <summary>The wire subscription.</summary>
    public static Subscription ToWire(SubscriptionState s) => new()
    {
        Id = s.Id,
        AccountId = s.AccountId,
        Events = [.. s.Events],
        Url = s.Url,
        Description = s.Description,
        Secrets = Secrets(s),
        CreatedAt = s.CreatedAt,
        UpdatedAt = s.UpdatedAt,
    };

    /// <summary>The wire secrets.</summary>
    public static List<SubscriptionSecret> Secrets(SubscriptionState s)
        => s.Secrets.Select(secret => new SubscriptionSecret { Id = secret.Id, Value = secret.Value, CreatedAt = secret.CreatedAt, IsActive = secret.IsActive }).ToList();
}
