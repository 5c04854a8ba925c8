using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Creates the PostgreSQL database and schema on first start. Several instances may share one database and
/// start together, so they take turns under an advisory lock: the first creates, the others find it done.
/// </summary>
internal static class PostgresSchema
{
    // Any fixed number, the same in every instance ("PAC1").
    private const long SchemaLock = 0x5041_4331;

    public static async Task EnsureCreatedAsync(PayAtCounterDb db, CancellationToken cancellationToken)
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
                await db.Database.ExecuteSqlRawAsync(AdditiveSchema.Of(db.Database.GenerateCreateScript()), cancellationToken);
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
