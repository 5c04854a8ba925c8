using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Per-connection SQLite settings, applied once to each pooled native connection (EF opens and closes the
/// connection around every command, and re-running the pragmas each time cost a parse per query).
/// <list type="bullet">
/// <item><c>synchronous=NORMAL</c>: with write-ahead logging this still loses nothing when the process dies
/// (kill -9): committed transactions are in the WAL file; only a power cut or an OS crash could drop the
/// last few. That is the durability this sandbox promises, and it makes each commit a write, not an fsync.</item>
/// <item><c>mmap_size</c>: pages are read from a memory map instead of a <c>pread</c> each. Under write load
/// every commit invalidates the other connections' page caches, and re-reading pages through system calls
/// was a quarter of the server's CPU.</item>
/// </list>
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA mmap_size=268435456;";

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
