using System.Data;
using Microsoft.EntityFrameworkCore;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Creates a new SQLite database's tables from the checked-in <c>SqliteSchema.sql</c>, EF Core's own create
/// script for the model. <c>EnsureCreated</c> generates that DDL at run time, which loads EF Core's
/// migrations machinery: about 400 ms of a 1.6 s cold start, spent before the first request can be served.
/// <c>SqliteModelTests</c> fails when the script and the model differ; <c>scripts/regenerate-sqlite-model.sh</c> rewrites it.
/// </summary>
public static class SqliteSchema
{
    /// <summary>The embedded resource holding the script.</summary>
    public const string ResourceName = "PayAtCounter.Server.Storage.SqliteSchema.sql";

    /// <summary>The script that creates every table and index.</summary>
    public static string Script()
    {
        using var stream = typeof(SqliteSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Creates the tables and indexes the database lacks (<see cref="AdditiveSchema"/>); several processes may race
    /// (the server and <c>accounts add</c>).
    /// </summary>
    public static async Task EnsureCreatedAsync(PayAtCounterDb db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            // IMMEDIATE takes the write lock first, so of two processes one creates and the other then sees the tables.
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
            await using var create = connection.CreateCommand();
            create.Transaction = transaction;
            create.CommandText = AdditiveSchema.Of(Script());
            await create.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
