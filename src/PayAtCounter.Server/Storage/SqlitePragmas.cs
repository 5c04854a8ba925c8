using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Per-connection SQLite settings. With write-ahead logging, <c>synchronous=NORMAL</c> still loses nothing
/// when the process dies (kill -9): committed transactions are in the WAL file; only a power cut or an OS
/// crash could drop the last few. That is the durability this sandbox promises, and it makes each commit
/// a write instead of an fsync.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
