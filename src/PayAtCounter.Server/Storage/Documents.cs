using System.Text.Json;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Engine.Terminals;
using PayAtCounter.Engine.Webhooks;

namespace PayAtCounter.Server.Storage;

/// <summary>Moves domain states in and out of their rows: the JSON document plus the indexed columns.</summary>
internal static class Documents
{
    public static PaymentIntentState Read(PaymentIntentRow row)
        => JsonSerializer.Deserialize(row.Document, StorageJsonContext.Default.PaymentIntentState) ?? throw Empty(row.Id);

    public static void Write(PaymentIntentRow row, PaymentIntentState state)
    {
        row.Status = state.Status.ToString();
        row.CreatedAtTicks = state.CreatedAt.UtcTicks;
        row.NextDueAtTicks = state.NextDueAt?.UtcTicks;
        row.Document = JsonSerializer.Serialize(state, StorageJsonContext.Default.PaymentIntentState);
    }

    public static TerminalState Read(TerminalRow row)
        => JsonSerializer.Deserialize(row.Document, StorageJsonContext.Default.TerminalState) ?? throw Empty(row.Id);

    public static void Write(TerminalRow row, TerminalState state)
        => row.Document = JsonSerializer.Serialize(state, StorageJsonContext.Default.TerminalState);

    public static TerminalSessionState Read(TerminalSessionRow row)
        => JsonSerializer.Deserialize(row.Document, StorageJsonContext.Default.TerminalSessionState) ?? throw Empty(row.Id);

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
        => JsonSerializer.Deserialize(row.Document, StorageJsonContext.Default.SubscriptionState) ?? throw Empty(row.Id);

    public static void Write(WebhookSubscriptionRow row, SubscriptionState state)
        => row.Document = JsonSerializer.Serialize(state, StorageJsonContext.Default.SubscriptionState);

    public static DeliveryState Read(WebhookDeliveryRow row)
        => JsonSerializer.Deserialize(row.Document, StorageJsonContext.Default.DeliveryState) ?? throw Empty(row.Id);

    public static void Write(WebhookDeliveryRow row, DeliveryState state)
    {
        row.NextAttemptAtTicks = state.Status == DeliveryStatus.Pending ? state.NextAttemptAt?.UtcTicks : null;
        row.Document = JsonSerializer.Serialize(state, StorageJsonContext.Default.DeliveryState);
    }

    private static InvalidDataException Empty(string id) => new($"Row {id} has an empty document.");
}
