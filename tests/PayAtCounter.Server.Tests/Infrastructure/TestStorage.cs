using Npgsql;

namespace PayAtCounter.Server.Tests.Infrastructure;

/// <summary>
/// The database the server tests run on: SQLite in each test's data folder, or, when
/// <c>PAC_TEST_POSTGRES</c> holds a PostgreSQL connection string (test.sh's second pass sets it), one
/// database per data folder on that server, so the whole suite also runs against PostgreSQL.
/// </summary>
public static class TestStorage
{
    /// <summary>The PostgreSQL server's connection string, or null to test on SQLite.</summary>
    public static string? Postgres { get; } = Environment.GetEnvironmentVariable("PAC_TEST_POSTGRES") is { Length: > 0 } value ? value : null;

    /// <summary>Server settings that put the data of <paramref name="dataDirectory"/> in the database under test.</summary>
    public static IReadOnlyDictionary<string, string?> Settings(string dataDirectory)
    {
        var settings = new Dictionary<string, string?> { ["Storage:DataDirectory"] = dataDirectory };
        if (Postgres is not null)
        {
            settings["Storage:Provider"] = "Postgres";
            settings["Storage:ConnectionString"] = ConnectionString(dataDirectory);
        }
        return settings;
    }

    /// <summary>The same settings as command-line arguments, for a server started as a process.</summary>
    public static IEnumerable<string> Arguments(string dataDirectory) =>
        Settings(dataDirectory).SelectMany(s => new[] { "--" + s.Key, s.Value! });

    /// <summary>Deletes the data folder and, on PostgreSQL, its database.</summary>
    public static void Delete(string dataDirectory)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        if (Postgres is not null)
        {
            NpgsqlConnection.ClearAllPools();
            using var admin = new NpgsqlConnection(Postgres);
            admin.Open();
            using var drop = admin.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{DatabaseName(dataDirectory)}\" WITH (FORCE)";
            drop.ExecuteNonQuery();
        }
    }

    private static string ConnectionString(string dataDirectory) =>
        new NpgsqlConnectionStringBuilder(Postgres) { Database = DatabaseName(dataDirectory) }.ConnectionString;

    // One database per data folder, so a restart test's second server finds the first one's data.
    private static string DatabaseName(string dataDirectory) =>
        "pac_test_" + new string(Path.GetFileName(dataDirectory.TrimEnd('/')).ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
