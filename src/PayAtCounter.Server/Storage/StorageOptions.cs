namespace PayAtCounter.Server.Storage;

/// <summary>Where data lives (<c>Storage</c> section).</summary>
public sealed class StorageOptions
{
    /// <summary>The database: embedded SQLite (default) or a shared PostgreSQL server.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// Folder of the SQLite database and of the generated sandbox key (kept with either provider);
    /// a relative path is in the current folder (<c>dotnet run</c> runs in the folder it was typed in).
    /// </summary>
    public string DataDirectory { get; set; } = ".payatcounter";

    /// <summary>The PostgreSQL connection string (<c>Host=…;Database=…;Username=…;Password=…</c>); PostgreSQL only.</summary>
    public string? ConnectionString { get; set; }
}

/// <summary>The database behind the server.</summary>
public enum StorageProvider
{
    /// <summary>One SQLite file in <see cref="StorageOptions.DataDirectory"/>: nothing to install.</summary>
    Sqlite,
    /// <summary>
    /// A PostgreSQL database, for a team sharing one server or several instances sharing one database.
    /// The database is created on first start if the user may create databases.
    /// </summary>
    Postgres,
}
