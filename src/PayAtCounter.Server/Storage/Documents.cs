using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Engine.Terminals;
using PayAtCounter.Engine.Webhooks;

namespace PayAtCounter.Server.Storage;

/// <summary>Moves domain states in and out of their rows: the JSON document plus the indexed columns.</summary>
internal static class Documents
{
    public static PaymentIntentState Read(PaymentIntentRow row)
        => Parse(row.Id, row.Document, StorageJsonContext.Default.PaymentIntentState);

    public static void Write(PaymentIntentRow row, PaymentIntentState state)
    {
        row.Status = state.Status.ToString();
        row.CreatedAtTicks = state.CreatedAt.UtcTicks;
        row.NextDueAtTicks = state.NextDueAt?.UtcTicks;
        row.Document = JsonSerializer.Serialize(state, StorageJsonContext.Default.PaymentIntentState);
    }

    public static TerminalState Read(TerminalRow row)
        => Parse(row.Id, row.Document, StorageJsonContext.Default.TerminalState);

    public static void Write(TerminalRow row, TerminalState state)
        => row.Document = JsonSerializer.Serialize(state, StorageJsonContext.Default.TerminalState);

    public static TerminalSessionState Read(TerminalSessionRow row)
        => Parse(row.Id, row.Document, StorageJsonContext.Default.TerminalSessionState);

    public static void Write(TerminalSessionRow row, TerminalSessionState state)
    {
        row.CreatedAtTicks = state.CreatedAt.UtcTicks;
        row.NextDueAtTicks = state.DueAt?.UtcTicks;
        row.Document = JsonSerializer.Serialize(state, StorageJsonContext.Default.TerminalSessionState);
    }

    public static RefundRow ToRow(RefundRecord r) => new()
    {
        Id = r.RefundId,
        AccountId = r.AccountId,
        PaymentIntentId = r.PaymentIntentId,
        IdempotencyKey = r.IdempotencyKey,
        Amount = r.Amount,
        RefundReason = r.RefundReason,
        Notes = r.Notes,
        PreviousTransactionId = r.PreviousTransactionId,
        Message = r.Message,
        CreatedAtTicks = r.CreatedAt.UtcTicks,
    };

    public static SubscriptionState Read(WebhookSubscriptionRow row)
        => Parse(row.Id, row.Document, StorageJsonContext.Default.SubscriptionState);

    public static void Write(WebhookSubscriptionRow row, SubscriptionState state)
        => row.Document = JsonSerializer.Serialize(state, StorageJsonContext.Default.SubscriptionState);

    public static DeliveryState Read(WebhookDeliveryRow row)
        => Parse(row.Id, row.Document, StorageJsonContext.Default.DeliveryState);

    public static void Write(WebhookDeliveryRow row, DeliveryState state)
    {
        row.NextAttemptAtTicks = state.Status == DeliveryStatus.Pending ? state.NextAttemptAt?.UtcTicks : null;
        row.Document = JsonSerializer.Serialize(state, StorageJsonContext.Default.DeliveryState);
    }

    /// <summary>A state from its document, for rows read with plain SQL.</summary>
    public static T Parse<T>(string id, string document, JsonTypeInfo<T> type)
        where T : class
        => JsonSerializer.Deserialize(document, type) ?? throw Empty(id);

    private static InvalidDataException Empty(string id) => new($"Row {id} has an empty document.");
}
