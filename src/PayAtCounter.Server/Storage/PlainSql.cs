using System.Data.Common;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Hand-written statements for the hottest writes (the group commit, the webhook fan-out), in SQL that SQLite
/// and PostgreSQL both accept. Under a burst, EF Core's change tracking and command building cost more than
/// the commit itself.
/// </summary>
internal static class PlainSql
{
    // Rows per multi-row INSERT on PostgreSQL: well under its 65,535 parameters per statement.
    private const int MaxRowsPerStatement = 500;

    private static readonly string[] IntentColumns = ["Id", "AccountId", "Status", "CreatedAtTicks", "NextDueAtTicks", "Version", "Document"];
    private static readonly string[] EventColumns = ["Id", "AccountId", "Type", "Payload", "OccurredAtTicks", "FannedOut"];
    private static readonly string[] DeliveryColumns = ["Id", "AccountId", "SubscriptionId", "EventId", "NextAttemptAtTicks", "CreatedAtTicks", "Version", "Document"];
    private static readonly string[] SessionColumns = ["Id", "AccountId", "TerminalId", "PaymentIntentId", "CreatedAtTicks", "NextDueAtTicks", "Version", "Document"];
    private static readonly string[] RefundColumns = ["Id", "AccountId", "PaymentIntentId", "IdempotencyKey", "Amount", "RefundReason", "Notes", "PreviousTransactionId", "Message", "CreatedAtTicks"];

    public static Task IntentsAsync(DbTransaction transaction, IReadOnlyList<PaymentIntentRow> rows)
        => RowsAsync(transaction, "payment_intents", IntentColumns, rows,
            r => [r.Id, r.AccountId, r.Status, r.CreatedAtTicks, r.NextDueAtTicks, r.Version, r.Document]);

    public static Task EventsAsync(DbTransaction transaction, IReadOnlyList<OutboxEventRow> rows)
        => RowsAsync(transaction, "outbox_events", EventColumns, rows,
            r => [r.Id, r.AccountId, r.Type, r.Payload, r.OccurredAtTicks, r.FannedOut]);

    public static Task DeliveriesAsync(DbTransaction transaction, IReadOnlyList<WebhookDeliveryRow> rows)
        => RowsAsync(transaction, "webhook_deliveries", DeliveryColumns, rows,
            r => [r.Id, r.AccountId, r.SubscriptionId, r.EventId, r.NextAttemptAtTicks, r.CreatedAtTicks, r.Version, r.Document]);

    public static Task SessionsAsync(DbTransaction transaction, IReadOnlyList<TerminalSessionRow> rows)
        => RowsAsync(transaction, "terminal_sessions", SessionColumns, rows,
            r => [r.Id, r.AccountId, r.TerminalId, r.PaymentIntentId, r.CreatedAtTicks, r.NextDueAtTicks, r.Version, r.Document]);

    public static Task RefundsAsync(DbTransaction transaction, IReadOnlyList<RefundRow> rows)
        => RowsAsync(transaction, "refunds", RefundColumns, rows,
            r => [r.Id, r.AccountId, r.PaymentIntentId, r.IdempotencyKey, r.Amount, r.RefundReason, r.Notes, r.PreviousTransactionId, r.Message, r.CreatedAtTicks]);

    /// <summary>
    /// For each session: its version, and the ids and versions of its terminal and intent (a version is null
    /// when that row is gone). Tells a cached state from a changed one without reading any document.
    /// </summary>
    public static async Task<List<SessionLinks>> SessionLinksAsync(DbConnection connection, IReadOnlyCollection<string> sessionIds, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT s."Id", s."Version", s."TerminalId", t."Version", s."PaymentIntentId", p."Version"
            FROM terminal_sessions s
            LEFT JOIN terminals t ON t."Id" = s."TerminalId"
            LEFT JOIN payment_intents p ON p."Id" = s."PaymentIntentId"
            WHERE {AnyOf(command, "s.\"Id\"", sessionIds)}
            """;
        var links = new List<SessionLinks>(sessionIds.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            links.Add(new SessionLinks(
                reader.GetString(0), reader.GetInt32(1),
                reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetInt32(5)));
        }
        return links;
    }

    /// <summary>The version and document of each row of <paramref name="table"/> named in <paramref name="ids"/>.</summary>
    public static async Task<List<(string Id, int Version, string Document)>> DocumentsAsync(DbConnection connection, string table, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var rows = new List<(string, int, string)>(ids.Count);
        if (ids.Count == 0)
        {
            return rows;
        }
        await using var command = connection.CreateCommand();
        command.CommandText = $"""SELECT "Id", "Version", "Document" FROM {table} WHERE {AnyOf(command, "\"Id\"", ids)}""";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetInt32(1), reader.GetString(2)));
        }
        return rows;
    }

    /// <summary>Marks outbox events as fanned out.</summary>
    public static async Task MarkFannedOutAsync(DbTransaction transaction, IReadOnlyList<string> eventIds)
    {
        await using var command = Command(transaction);
        command.CommandText = $"""UPDATE outbox_events SET "FannedOut" = {Add(command, "@done", true)} WHERE {AnyOf(command, "\"Id\"", eventIds)}""";
        await command.ExecuteNonQueryAsync(CancellationToken.None);
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
        command.CommandText = $"""SELECT DISTINCT "AccountId" FROM webhook_subscriptions WHERE {AnyOf(command, "\"AccountId\"", accountIds)}""";
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        while (await reader.ReadAsync(CancellationToken.None))
        {
            subscribed.Add(reader.GetString(0));
        }
        return subscribed;
    }

    private static async Task RowsAsync<T>(DbTransaction transaction, string table, string[] columns, IReadOnlyList<T> rows, Func<T, object?[]> values)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var into = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ";
        if (transaction is SqliteTransaction sqlite)
        {
            // SQLite binds each parameter by name with a linear search, so a multi-row statement with
            // hundreds of parameters spends its time in strncmp. In-process, one prepared single-row INSERT
            // run per row costs no round trips and is the fastest way in (bound by position: SqliteRowInsert).
            using var insert = new SqliteRowInsert(sqlite.Connection!, into + $"({string.Join(", ", columns.Select((_, c) => $"?{c + 1}"))})");
            foreach (var row in rows)
            {
                insert.Run(values(row));
            }
            return;
        }
        // PostgreSQL: one round trip per chunk of rows.
        foreach (var chunk in rows.Chunk(MaxRowsPerStatement))
        {
            await using var command = Command(transaction);
            var sql = new StringBuilder(into);
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

    // "column is one of ids" with the ids as one parameter: a JSON array on SQLite (whose name-based binding
    // makes long IN lists of parameters cost quadratic time), an array on PostgreSQL.
    private static string AnyOf(DbCommand command, string column, IReadOnlyCollection<string> ids)
        => command is SqliteCommand
            ? $"{column} IN (SELECT value FROM json_each({Add(command, "@ids", JsonSerializer.Serialize(ids.ToArray(), StorageJsonContext.Default.StringArray))}))"
            : $"{column} = ANY({Add(command, "@ids", ids.ToArray())})";

    /// <summary>
    /// One version-guarded <c>UPDATE</c> of a table's columns, run once per row: the statement is built and
    /// prepared once per batch. A row whose version has moved on is not changed, and the run says so.
    /// </summary>
    public sealed class GuardedUpdate : IAsyncDisposable
    {
        private readonly DbCommand _command;
        private readonly DbParameter[] _values;
        private readonly DbParameter _id;
        private readonly DbParameter _version;
        private readonly DbParameter _newVersion;

        public GuardedUpdate(DbTransaction transaction, string table, params string[] columns)
        {
            _command = Command(transaction);
            _values = columns.Select((_, i) => Parameter(_command, $"@v{i}")).ToArray();
            _id = Parameter(_command, "@id");
            _version = Parameter(_command, "@version");
            _newVersion = Parameter(_command, "@newVersion");
            var set = string.Join(", ", columns.Select((c, i) => $"\"{c}\" = @v{i}"));
            _command.CommandText = $"""UPDATE {table} SET {set}, "Version" = @newVersion WHERE "Id" = @id AND "Version" = @version""";
        }

        /// <summary>Sets row <paramref name="id"/> at <paramref name="version"/> to <paramref name="values"/> and the next version; false if its version moved on.</summary>
        public async Task<bool> RunAsync(string id, int version, params object?[] values)
        {
            for (var i = 0; i < _values.Length; i++)
            {
                _values[i].Value = values[i] ?? DBNull.Value;
            }
            _id.Value = id;
            _version.Value = version;
            _newVersion.Value = version + 1;
            return await _command.ExecuteNonQueryAsync(CancellationToken.None) == 1;
        }

        public ValueTask DisposeAsync() => _command.DisposeAsync();
    }

    private static DbCommand Command(DbTransaction transaction)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        return command;
    }

    private static string Add(DbCommand command, string name, object? value)
    {
        Parameter(command, name).Value = value ?? DBNull.Value;
        return name;
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}

/// <summary>A session's version and the ids and versions of the rows it works on; null versions are rows that are gone.</summary>
internal sealed record SessionLinks(string SessionId, int SessionVersion, string TerminalId, int? TerminalVersion, string? IntentId, int? IntentVersion);
