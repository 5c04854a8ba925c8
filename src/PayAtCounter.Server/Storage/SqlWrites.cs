using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// The statements that carry units of work into the database, inside a transaction the caller holds: the only code
/// that writes rows. Plain SQL that SQLite and PostgreSQL both accept, built from the model's table shapes: under a
/// burst, EF Core's change tracking and command building cost more than the commit itself. SQLite runs each
/// statement once per row, bound by position (<see cref="SqliteRowStatement"/>); PostgreSQL gets multi-row inserts,
/// one round trip per chunk.
/// </summary>
internal static class SqlWrites
{
    // Rows per multi-row INSERT on PostgreSQL: well under its 65,535 parameters per statement.
    private const int MaxRowsPerStatement = 500;

    /// <summary>
    /// Applies <paramref name="works"/>; false when a guarded row moved on since it was read, and the caller must
    /// then roll back. A duplicate key throws (<see cref="IsConflict"/>).
    /// </summary>
    public static async Task<bool> ApplyAsync(DbTransaction transaction, IModel model, IReadOnlyList<UnitOfWork> works)
    {
        // Guarded rows first, so a conflict is found before anything else is written, and in one order (table, then
        // id) so that instances sharing PostgreSQL lock rows in the same order and wait instead of deadlocking.
        var guarded = works.SelectMany(w => w.Changed.Select(row => (Row: row, Remove: false)).Concat(w.Removed.Select(row => (Row: row, Remove: true))))
            .Select(g => (g.Row, g.Remove, Shape: TableShape.For(model, g.Row.GetType())))
            .OrderBy(g => g.Shape.Name, StringComparer.Ordinal).ThenBy(g => g.Row.Id, StringComparer.Ordinal);
        foreach (var group in guarded.GroupBy(g => (g.Shape, g.Remove)))
        {
            if (!await GuardedAsync(transaction, group.Key.Shape, group.Key.Remove, group.Select(g => g.Row)))
            {
                return false;
            }
        }
        // In table-name order, as guarded rows are locked, so a reset meeting a session step waits instead of deadlocking.
        foreach (var (table, accountId) in works.SelectMany(w => w.Cleared).Select(c => (Table: TableShape.For(model, c.RowType), c.AccountId)).OrderBy(c => c.Table.Name, StringComparer.Ordinal))
        {
            if (!table.Columns.Contains("AccountId"))
            {
                throw new InvalidOperationException($"Table {table.Name} has no AccountId column to clear by.");
            }
            await using var command = Command(transaction);
            command.CommandText = $"""DELETE FROM {table.Name} WHERE "AccountId" = {Add(command, "@account", accountId)}""";
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        var events = works.SelectMany(w => w.Added.OfType<OutboxEventRow>()).ToList();
        // Only a reset, restore or fixture (a unit that clears an account) brings back events with a state of their own,
        // or subscriptions in the same commit as events: the request path's units skip the look at every row.
        var replacing = events.Count > 0 && works.Any(w => w.Cleared.Count > 0);
        await Outbox.MarkUnwatchedAsync(transaction, events, replacing ? SubscribingNow(model, works) : null);
        foreach (var table in works.SelectMany(w => w.Added).GroupBy(row => row.GetType()))
        {
            await InsertAsync(transaction, TableShape.For(model, table.Key), table.ToList());
        }
        foreach (var (rowType, timeColumn, before, accountId) in works.SelectMany(w => w.Pruned))
        {
            var table = TableShape.For(model, rowType);
            if (!table.Columns.Contains(timeColumn) || (accountId is not null && !table.Columns.Contains("AccountId")))
            {
                throw new InvalidOperationException($"Table {table.Name} has no column {timeColumn} (or AccountId) to prune by.");
            }
            await using var command = Command(transaction);
            command.CommandText = $"""DELETE FROM {table.Name} WHERE "{timeColumn}" < {Add(command, "@before", before)}"""
                + (accountId is null ? "" : $""" AND "AccountId" = {Add(command, "@account", accountId)}""");
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        var fannedOut = works.SelectMany(w => w.FannedOut).ToList();
        if (fannedOut.Count > 0)
        {
            await using var command = Command(transaction);
            command.CommandText = $"""UPDATE outbox_events SET "FannedOut" = {Add(command, "@done", true)} WHERE {SqlReads.AnyOf(command, "\"Id\"", fannedOut)}""";
            if (await command.ExecuteNonQueryAsync(CancellationToken.None) < fannedOut.Distinct().Count())
            {
                // An event is gone (its account was reset or restored since it was read): its deliveries must not be stored.
                return false;
            }
        }
        if (works.Max(w => w.ClockTicks) is { } ticks)
        {
            // The one clock row, made by the first write that needs it, and only ever moved forward.
            await using var command = Command(transaction);
            command.CommandText = $"""
                INSERT INTO sandbox_clock ("Id", "SandboxTicks") VALUES ({Sandbox.SandboxClockRow.TheClock}, {Add(command, "@ticks", ticks)})
                ON CONFLICT ("Id") DO UPDATE SET "SandboxTicks" = excluded."SandboxTicks" WHERE sandbox_clock."SandboxTicks" < excluded."SandboxTicks"
                """;
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        return true;
    }

    // Accounts whose subscriptions this commit adds (a restore or a fixture): their events are watched.
    private static HashSet<string> SubscribingNow(IModel model, IReadOnlyList<UnitOfWork> works)
    {
        var accounts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in works.SelectMany(w => w.Added))
        {
            var table = TableShape.For(model, row.GetType());
            if (table.Name == "webhook_subscriptions" && table.Getters[Array.IndexOf(table.Columns, "AccountId")](row) is string account)
            {
                accounts.Add(account);
            }
        }
        return accounts;
    }

    /// <summary>
    /// True for a primary-key or unique-index violation on either database, and for PostgreSQL's deadlock and
    /// serialization failures (a reset's account-wide delete meeting other writes): conflicts to read again after.
    /// Other constraints are faults.
    /// </summary>
    public static bool IsConflict(Exception ex)
        => ex is SqliteException { SqliteExtendedErrorCode: SqlitePrimaryKey or SqliteUnique }
            || ex is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation or Npgsql.PostgresErrorCodes.DeadlockDetected or Npgsql.PostgresErrorCodes.SerializationFailure };

    // SQLITE_CONSTRAINT_PRIMARYKEY and SQLITE_CONSTRAINT_UNIQUE.
    private const int SqlitePrimaryKey = 1555;
    private const int SqliteUnique = 2067;

    /// <summary>Which of <paramref name="accountIds"/> have at least one webhook subscription.</summary>
    public static async Task<HashSet<string>> SubscribedAccountsAsync(DbTransaction transaction, IReadOnlyCollection<string> accountIds)
    {
        var subscribed = new HashSet<string>(StringComparer.Ordinal);
        if (accountIds.Count == 0)
        {
            return subscribed;
        }
        await using var command = Command(transaction);
        command.CommandText = $"""SELECT DISTINCT "AccountId" FROM webhook_subscriptions WHERE {SqlReads.AnyOf(command, "\"AccountId\"", accountIds)}""";
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        while (await reader.ReadAsync(CancellationToken.None))
        {
            subscribed.Add(reader.GetString(0));
        }
        return subscribed;
    }

    private static async Task<bool> GuardedAsync(DbTransaction transaction, TableShape table, bool remove, IEnumerable<IVersionedRow> rows)
    {
        if (table.VersionIndex < 0)
        {
            throw new InvalidOperationException($"Table {table.Name} has no version column; its rows can only be added.");
        }
        var values = new object?[remove ? 2 : table.Columns.Length + 1];
        if (transaction is SqliteTransaction sqlite)
        {
            using var statement = new SqliteRowStatement(sqlite.Connection!, remove ? table.DeleteSql(SqliteRowStatement.Parameter) : table.UpdateSql(SqliteRowStatement.Parameter));
            foreach (var row in rows)
            {
                Fill(table, remove, row, values);
                if (statement.Run(values) != 1)
                {
                    return false;
                }
            }
            return true;
        }
        await using var command = Command(transaction);
        command.CommandText = remove ? table.DeleteSql(PostgresParameter) : table.UpdateSql(PostgresParameter);
        var parameters = values.Select(_ => Parameter(command, "")).ToArray();
        foreach (var row in rows)
        {
            Fill(table, remove, row, values);
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }
            if (await command.ExecuteNonQueryAsync(CancellationToken.None) != 1)
            {
                return false;
            }
        }
        return true;
    }

    private static void Fill(TableShape table, bool remove, IVersionedRow row, object?[] values)
    {
        if (remove)
        {
            values[0] = row.Id;
            values[1] = row.Version;
        }
        else
        {
            table.ReadForUpdate(row, values);
        }
    }

    private static async Task InsertAsync(DbTransaction transaction, TableShape table, IReadOnlyList<object> rows)
    {
        var values = new object?[table.Columns.Length];
        if (transaction is SqliteTransaction sqlite)
        {
            // SQLite binds each parameter by name with a linear search, so a multi-row statement with hundreds of
            // parameters spends its time in strncmp. In-process, one prepared single-row INSERT run per row costs no
            // round trips and is the fastest way in.
            using var insert = new SqliteRowStatement(sqlite.Connection!, table.InsertSql(1, SqliteRowStatement.Parameter));
            foreach (var row in rows)
            {
                table.Read(row, values);
                insert.Run(values);
            }
            return;
        }
        foreach (var chunk in rows.Chunk(MaxRowsPerStatement))
        {
            await using var command = Command(transaction);
            command.CommandText = table.InsertSql(chunk.Length, PostgresParameter);
            foreach (var row in chunk)
            {
                table.Read(row, values);
                foreach (var value in values)
                {
                    Parameter(command, "").Value = value ?? DBNull.Value;
                }
            }
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    // Npgsql's positional parameters: unnamed, referred to as $1, $2… in order.
    private static string PostgresParameter(int n) => $"${n}";

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
