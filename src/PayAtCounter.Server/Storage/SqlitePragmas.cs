using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Per-connection SQLite settings, applied once to each pooled native connection (EF opens and closes the
/// connection around every command, and re-running the pragmas each time cost a parse per query).
/// With write-ahead logging, <c>synchronous=NORMAL</c> still loses nothing when the process dies (kill -9):
/// committed transactions are in the WAL file; only a power cut or an OS crash could drop the last few.
/// That is the durability this sandbox promises, and it makes each commit a write instead of an fsync.
/// (<c>mmap_size</c> was tried: no measurable gain, and the mapped file counted against the memory goal.)
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    // busy_timeout: writes from outside this process's WriterGate (the `accounts add` process, schema creation)
    // wait inside SQLite for the lock instead of Microsoft.Data.Sqlite's 150 ms sleep-and-retry.
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    private static readonly ConditionalWeakTable<object, object> Configured = [];

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsNew(connection, out var handle))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
            Configured.AddOrUpdate(handle, handle);
        }
    }

    /// <inheritdoc />
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsNew(connection, out var handle))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            Configured.AddOrUpdate(handle, handle);
        }
    }

    // The native handle survives in Microsoft.Data.Sqlite's pool while the DbConnection object is reused.
    private static bool IsNew(DbConnection connection, out object handle)
    {
        handle = ((SqliteConnection)connection).Handle!;
        return !Configured.TryGetValue(handle, out _);
    }
}
