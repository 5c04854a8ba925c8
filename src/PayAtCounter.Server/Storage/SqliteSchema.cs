using PayAtCounter.Server.Storage.Migrations;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Brings a SQLite database to the schema's latest version (<see cref="SchemaMigrations"/>). Several processes may
/// start on one file together (the server and <c>accounts add</c>): they take turns on a lock file beside it, since
/// DbUp writes on connections of its own, which a SQLite transaction held here would block.
/// </summary>
public static class SqliteSchema
{
    /// <summary>Applies the scripts the database at <paramref name="databasePath"/> lacks; returns the version it was at.</summary>
    public static async Task<int> UpgradeAsync(string databasePath, Microsoft.Extensions.Logging.ILogger logger, CancellationToken cancellationToken)
    {
        await using var turn = await TakeTurnAsync(databasePath + ".upgrade-lock", cancellationToken);
        return SchemaMigrations.Upgrade(StorageProvider.Sqlite, $"Data Source={databasePath};Default Timeout=30", databasePath, logger);
    }

    // An exclusive open of the lock file (flock on Unix) is the turn; a crash releases it with the process.
    private static async Task<FileStream> TakeTurnAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            try
            {
                // Left in place: deleting it on close would let two later processes lock different files.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }
}
