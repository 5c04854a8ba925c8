using System.Data.Common;
using System.Text;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Hand-written statements for the hottest writes (the group commit, the webhook fan-out), in SQL that SQLite
/// and PostgreSQL both accept. Under a burst, EF Core's change tracking and command building cost more than
/// the commit itself.
/// </summary>
internal static class PlainSql
{
    // Well under SQLite's 32,766 parameters per statement even for the widest table.
    private const int MaxRowsPerStatement = 500;

    private static readonly string[] IntentColumns = ["Id", "AccountId", "Status", "CreatedAtTicks", "NextDueAtTicks", "Version", "Document"];
    private static readonly string[] EventColumns = ["Id", "AccountId", "Type", "Payload", "OccurredAtTicks", "FannedOut"];
    private static readonly string[] DeliveryColumns = ["Id", "AccountId", "SubscriptionId", "EventId", "NextAttemptAtTicks", "CreatedAtTicks", "Version", "Document"];

    public static Task IntentsAsync(DbTransaction transaction, IReadOnlyList<PaymentIntentRow> rows)
        => RowsAsync(transaction, "payment_intents", IntentColumns, rows,
            r => [r.Id, r.AccountId, r.Status, r.CreatedAtTicks, r.NextDueAtTicks, r.Version, r.Document]);

    public static Task EventsAsync(DbTransaction transaction, IReadOnlyList<OutboxEventRow> rows)
        => RowsAsync(transaction, "outbox_events", EventColumns, rows,
            r => [r.Id, r.AccountId, r.Type, r.Payload, r.OccurredAtTicks, r.FannedOut]);

    public static Task DeliveriesAsync(DbTransaction transaction, IReadOnlyList<WebhookDeliveryRow> rows)
        => RowsAsync(transaction, "webhook_deliveries", DeliveryColumns, rows,
            r => [r.Id, r.AccountId, r.SubscriptionId, r.EventId, r.NextAttemptAtTicks, r.CreatedAtTicks, r.Version, r.Document]);

    /// <summary>Marks outbox events as fanned out.</summary>
    public static async Task MarkFannedOutAsync(DbTransaction transaction, IReadOnlyList<string> eventIds)
    {
        foreach (var chunk in eventIds.Chunk(MaxRowsPerStatement))
        {
            await using var command = Command(transaction);
            var names = chunk.Select((id, i) => Add(command, $"@e{i}", id)).ToList();
            command.CommandText = $"""UPDATE outbox_events SET "FannedOut" = {Add(command, "@done", true)} WHERE "Id" IN ({string.Join(", ", names)})""";
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>Which of <paramref name="accountIds"/> have at least one webhook subscription.</summary>
    public static async Task<HashSet<string>> SubscribedAccountsAsync(DbTransaction transaction, IReadOnlyCollection<string> accountIds)
    {
        var subscribed = new HashSet<string>(StringComparer.Ordinal);
        if (accountIds.Count == 0)
        {
            return subscribed;
        }
        await using var command = Command(transaction);
        var names = accountIds.Select((id, i) => Add(command, $"@a{i}", id)).ToList();
        command.CommandText = $"""SELECT DISTINCT "AccountId" FROM webhook_subscriptions WHERE "AccountId" IN ({string.Join(", ", names)})""";
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        while (await reader.ReadAsync(CancellationToken.None))
        {
            subscribed.Add(reader.GetString(0));
        }
        return subscribed;
    }

    private static async Task RowsAsync<T>(DbTransaction transaction, string table, string[] columns, IReadOnlyList<T> rows, Func<T, object?[]> values)
    {
        foreach (var chunk in rows.Chunk(MaxRowsPerStatement))
        {
            await using var command = Command(transaction);
            var sql = new StringBuilder($"INSERT INTO {table} (").AppendJoin(", ", columns.Select(c => $"\"{c}\"")).Append(") VALUES ");
            for (var r = 0; r < chunk.Length; r++)
            {
                var row = values(chunk[r]);
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Length; c++)
                {
                    sql.Append(c == 0 ? "" : ", ").Append(Add(command, $"@p{r}_{c}", row[c]));
                }
                sql.Append(')');
            }
            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static DbCommand Command(DbTransaction transaction)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        return command;
    }

    private static string Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return name;
    }
}
