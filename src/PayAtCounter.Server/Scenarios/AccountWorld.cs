using System.Data;
using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PayAtCounter.Server.PaymentIntents;
using PayAtCounter.Server.Readiness;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.TerminalSessions;
using PayAtCounter.Server.Terminals;
using PayAtCounter.Server.Webhooks;

namespace PayAtCounter.Server.Scenarios;

/// <summary>
/// The rows that make up a sandbox account's world, read into a snapshot document and made into rows again. The
/// columns come from the EF model (<see cref="TableShape"/>), so a new column is in every snapshot taken after it
/// without code here. The document: <c>{"format":1,"tables":{"terminals":{"columns":[…],"rows":[[…],…]},…}}</c>.
/// </summary>
internal static class AccountWorld
{
    /// <summary>
    /// What a snapshot holds: everything a till acts on, with each intent's history and events. A reset or restore
    /// deletes them in table-name order (<see cref="SqlWrites"/>), so outbox_events goes before webhook_deliveries: on
    /// PostgreSQL the webhook dispatcher holds the events it fans out locked until its deliveries are committed, and
    /// deleting the events waits for that, so the deliveries deleted after include the ones just made.
    /// </summary>
    public static readonly Type[] WorldTables =
    [
        typeof(OutboxEventRow), typeof(WebhookDeliveryRow), typeof(WebhookSubscriptionRow),
        typeof(TerminalRow), typeof(PaymentIntentRow), typeof(RefundRow), typeof(TerminalSessionRow),
    ];

    /// <summary>
    /// What a reset empties besides the world: the till's recorded traffic and readiness runs. A snapshot leaves
    /// them alone: they are a record of the till, not part of the world it is tested against.
    /// </summary>
    public static readonly Type[] TillTables = [typeof(RecordedRequestRow), typeof(ReadinessRunRow)];

    private const int Format = 1;

    /// <summary>
    /// Reads every world row of <paramref name="accountId"/> in one read transaction (one consistent state) and
    /// writes the document; returns it with the rows per table.
    /// </summary>
    public static async Task<(string Content, Dictionary<string, int> Counts)> ReadAsync(PayAtCounterDb db, string accountId, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            // A deferred transaction on SQLite reads one state without taking the writer's lock.
            await using var transaction = connection is SqliteConnection sqlite
                ? sqlite.BeginTransaction(deferred: true)
                : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            await using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteNumber("format", Format);
                json.WriteStartObject("tables");
                foreach (var rowType in WorldTables)
                {
                    var table = TableShape.For(db.Model, rowType);
                    json.WriteStartObject(table.Name);
                    json.WriteStartArray("columns");
                    foreach (var column in table.Columns)
                    {
                        json.WriteStringValue(column);
                    }
                    json.WriteEndArray();
                    json.WriteStartArray("rows");
                    counts[table.Name] = await WriteRowsAsync(transaction, table, accountId, json, cancellationToken);
                    json.WriteEndArray();
                    json.WriteEndObject();
                }
                json.WriteEndObject();
                json.WriteEndObject();
            }
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return (System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), counts);
    }

    private static async Task<int> WriteRowsAsync(DbTransaction transaction, TableShape table, string accountId, Utf8JsonWriter json, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        var account = command.CreateParameter();
        account.ParameterName = "@account";
        account.Value = accountId;
        command.Parameters.Add(account);
        command.CommandText = $"""SELECT {string.Join(", ", table.Columns.Select(c => $"\"{c}\""))} FROM {table.Name} WHERE "AccountId" = @account ORDER BY "{table.Columns[table.KeyIndex]}" """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            json.WriteStartArray();
            for (var i = 0; i < table.Columns.Length; i++)
            {
                WriteValue(json, reader.IsDBNull(i) ? null : reader.GetValue(i), table.ColumnTypes[i]);
            }
            json.WriteEndArray();
            rows++;
        }
        return rows;
    }

    private static void WriteValue(Utf8JsonWriter json, object? value, Type type)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case byte[] bytes:
                json.WriteBase64StringValue(bytes);
                break;
            default:
                // SQLite hands back integers as long whatever the property; the property's type decides.
                var underlying = Nullable.GetUnderlyingType(type) ?? type;
                if (underlying == typeof(bool))
                {
                    json.WriteBooleanValue(Convert.ToBoolean(value, System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    json.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                }
                break;
        }
    }

    /// <summary>
    /// The rows of a snapshot document, made for <paramref name="accountId"/>, each version moved past
    /// <paramref name="versionFloor"/> so that no request that read a row before the restore can write over it.
    /// A table the document lacks (added to the server after it was taken) comes back empty; a column it lacks
    /// comes back null, or the snapshot is refused if the column cannot be null.
    /// </summary>
    public static List<object> Rows(IModel model, string content, string accountId, int versionFloor)
    {
        using var document = JsonDocument.Parse(content);
        var root = document.RootElement;
        if (!root.TryGetProperty("format", out var format) || format.GetInt32() != Format || !root.TryGetProperty("tables", out var tables))
        {
            throw new InvalidDataException("The snapshot is not in a format this server reads.");
        }
        var rows = new List<object>();
        foreach (var rowType in WorldTables)
        {
            var table = TableShape.For(model, rowType);
            if (!tables.TryGetProperty(table.Name, out var stored))
            {
                continue;
            }
            var columns = stored.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
            var positions = table.Columns.Select(c => columns.IndexOf(c)).ToArray();
            for (var i = 0; i < positions.Length; i++)
            {
                if (positions[i] < 0 && table.ColumnTypes[i].IsValueType && Nullable.GetUnderlyingType(table.ColumnTypes[i]) is null)
                {
                    throw new InvalidDataException($"The snapshot has no {table.Name}.{table.Columns[i]}, which a row needs.");
                }
            }
            var values = new object?[table.Columns.Length];
            foreach (var stored_row in stored.GetProperty("rows").EnumerateArray())
            {
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = positions[i] < 0 ? null : ReadValue(stored_row[positions[i]], table.ColumnTypes[i]);
                }
                if (table.Columns.Contains("AccountId"))
                {
                    values[Array.IndexOf(table.Columns, "AccountId")] = accountId;
                }
                if (table.VersionIndex >= 0)
                {
                    values[table.VersionIndex] = (int)values[table.VersionIndex]! + versionFloor;
                }
                rows.Add(table.Make(values));
            }
        }
        return rows;
    }

    private static object? ReadValue(JsonElement value, Type type)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying == typeof(string) => value.GetString(),
            _ when underlying == typeof(bool) => value.GetBoolean(),
            _ when underlying == typeof(int) => value.GetInt32(),
            _ when underlying == typeof(long) => value.GetInt64(),
            _ when underlying == typeof(byte[]) => value.GetBytesFromBase64(),
            _ => throw new InvalidDataException($"A snapshot cannot hold a column of type {type.Name}."),
        };
    }

    /// <summary>The highest row version among the account's world rows: restored rows are moved past it.</summary>
    public static async Task<int> HighestVersionAsync(PayAtCounterDb db, string accountId, CancellationToken cancellationToken)
    {
        var highest = 0;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            foreach (var rowType in WorldTables)
            {
                var table = TableShape.For(db.Model, rowType);
                if (table.VersionIndex < 0)
                {
                    continue;
                }
                await using var command = db.Database.GetDbConnection().CreateCommand();
                var account = command.CreateParameter();
                account.ParameterName = "@account";
                account.Value = accountId;
                command.Parameters.Add(account);
                command.CommandText = $"""SELECT MAX("{table.Columns[table.VersionIndex]}") FROM {table.Name} WHERE "AccountId" = @account""";
                if (await command.ExecuteScalarAsync(cancellationToken) is { } max and not DBNull)
                {
                    highest = Math.Max(highest, Convert.ToInt32(max, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return highest;
    }
}
