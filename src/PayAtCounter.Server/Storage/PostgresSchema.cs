using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using PayAtCounter.Server.Storage.Migrations;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Creates the PostgreSQL database on first start and brings its schema to the latest version
/// (<see cref="SchemaMigrations"/>). Several instances may share one database and start together, so they take
/// turns under an advisory lock: the first applies each script once, the others find it done.
/// </summary>
internal static class PostgresSchema
{
    // Any fixed number, the same in every instance ("PAC1").
    private const long SchemaLock = 0x5041_4331;

    public static async Task<int> UpgradeAsync(PayAtCounterDb db, string where, Microsoft.Extensions.Logging.ILogger logger, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
            {
                // Another instance created it a moment ago. PostgreSQL's own existence check races too: the
                // loser of a simultaneous CREATE DATABASE gets a unique violation on pg_database's name index.
            }
        }
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({SchemaLock})", cancellationToken);
            try
            {
                // DbUp's work is synchronous; it runs on its own connection while this one holds the turn.
                return await Task.Run(() => SchemaMigrations.Upgrade(StorageProvider.Postgres, db.Database.GetConnectionString()!, where, logger), cancellationToken);
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({SchemaLock})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
