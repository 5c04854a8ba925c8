using PayAtCounter.Client;

namespace PayAtCounter.Till;

/// <summary>What became of a webhook delivery.</summary>
public enum WebhookOutcome
{
    /// <summary>Verified and new: applied and journalled.</summary>
    Applied,
    /// <summary>Verified, but its event id was seen before (Dojo delivers at least once).</summary>
    Duplicate,
    /// <summary>The signature did not match the secret: ignored.</summary>
    Refused,
}

/// <summary>
/// The till's webhook receiver: checks each event's signature with the SDK's verifier, drops an event id it has
/// seen (deliveries can repeat), and journals the rest. The till does not act on webhooks alone; it reads the
/// intent when it follows a session, and an event only updates what the screen shows.
/// </summary>
public sealed class WebhookInbox(Counter counter, Journal journal)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The secret signatures are checked with (Till:WebhookSecret, or from subscribing).</summary>
    public string? Secret { get; set; }

    /// <summary>Receives one delivery.</summary>
    public WebhookOutcome Receive(string body, string? signature)
    {
        if (Secret is null)
        {
            return WebhookOutcome.Refused;
        }
        PayAtCounter.Contracts.WebhookPayload payload;
        try
        {
            payload = DojoWebhooks.ParseAndVerify(body, signature, Secret);
        }
        catch (DojoWebhookException)
        {
            return WebhookOutcome.Refused;
        }
        lock (_gate)
        {
            if (!_seen.Add(payload.Id))
            {
                return WebhookOutcome.Duplicate;
            }
        }
        counter.Apply(payload);
        journal.Record(null, $"event {payload.Event}", $"event {payload.Id}: intent {payload.Data.PaymentIntentId} is {payload.Data.PaymentStatus}");
        return WebhookOutcome.Applied;
    }
}
