using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// One prepared single-row statement run once per row, bound through SQLitePCL by position: SQLite's fast path for
/// <see cref="SqlWrites"/>. Microsoft.Data.Sqlite binds each parameter by name on every run, with a new binder and
/// UTF-8 copies of the name and of each text value: for the group commit's rows that was ~15 % of the bytes a new
/// payment intent allocated, and positional binding was faster in 4 of 4 alternating POST loads (1-6 %,
/// bench/NOTES.md). Text is bound as UTF-16, which SQLite converts itself.
/// </summary>
internal sealed class SqliteRowStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    /// <summary>Prepares <paramref name="sql"/> (positional <c>?1</c>, <c>?2</c>…) on an open connection.</summary>
    public SqliteRowStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(_db, sql, out _statement), _db);
    }

    /// <summary>The SQL text of the n-th (1-based) parameter.</summary>
    public static string Parameter(int n) => $"?{n}";

    /// <summary>Runs the statement with <paramref name="values"/> in parameter order; returns the rows it changed.</summary>
    public int Run(object?[] values)
    {
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                SqliteException.ThrowExceptionForRC(Bind(i + 1, values[i]), _db);
            }
            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_DONE)
            {
                // A duplicate key arrives here as SQLITE_CONSTRAINT (19), as from Microsoft.Data.Sqlite.
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    private int Bind(int index, object? value) => value switch
    {
        null => raw.sqlite3_bind_null(_statement, index),
        string text => raw.sqlite3_bind_text16(_statement, index, text),
        long number => raw.sqlite3_bind_int64(_statement, index, number),
        int number => raw.sqlite3_bind_int(_statement, index, number),
        bool flag => raw.sqlite3_bind_int(_statement, index, flag ? 1 : 0),
        byte[] bytes => raw.sqlite3_bind_blob(_statement, index, bytes),
        _ => throw new NotSupportedException($"No binding for {value.GetType()}."),
    };

    /// <inheritdoc />
    public void Dispose() => _statement.Dispose();
}
