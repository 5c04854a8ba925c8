using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Storage.Migrations;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Storage;

/// <summary>
/// The schema's versions: the migrations bring an empty database to exactly the model's schema, record what they
/// applied, apply each script once when instances start together, and refuse a database a newer server upgraded.
/// </summary>
public sealed class SchemaMigrationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pac-migrations-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Migrating_an_empty_SQLite_database_gives_exactly_the_models_schema()
    {
        var migrated = Path.Combine(_folder, "migrated.db");
        var fromModel = Path.Combine(_folder, "model.db");
        await SqliteSchema.UpgradeAsync(migrated, NullLogger.Instance, CancellationToken.None);
        await using (var db = new PayAtCounterDb(new DbContextOptionsBuilder<PayAtCounterDb>().UseSqlite($"Data Source={fromModel}").Options))
        {
            await db.Database.ExecuteSqlRawAsync(db.Database.GenerateCreateScript());
        }

        var expected = SqliteObjects(fromModel);
        var actual = SqliteObjects(migrated).Where(o => !o.Contains(SchemaMigrations.JournalTable, StringComparison.Ordinal)).ToList();

        Assert.True(expected.SequenceEqual(actual),
            "The migrations do not give the model's schema: add a script to src/PayAtCounter.Server/Storage/Migrations/Sqlite (and Postgres) that makes the change.\n"
            + string.Join("\n", expected.Except(actual).Select(o => "missing: " + o).Concat(actual.Except(expected).Select(o => "extra: " + o)).Take(6)));
        Assert.True(expected.Count > 20);
    }

    [Fact]
    public async Task The_version_is_recorded_and_a_second_start_applies_nothing()
    {
        var path = Path.Combine(_folder, "twice.db");

        var first = await SqliteSchema.UpgradeAsync(path, NullLogger.Instance, CancellationToken.None);
        Execute(path, """INSERT INTO sandbox_clock ("Id", "SandboxTicks") VALUES (1, 5)""");
        var second = await SqliteSchema.UpgradeAsync(path, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(0, first);
        Assert.Equal(SchemaMigrations.LatestVersion(StorageProvider.Sqlite), second);
        Assert.Equal(SchemaMigrations.Scripts(StorageProvider.Sqlite).Select(s => s.Name), Journal(path));
        Assert.Equal("5", Scalar(path, "SELECT SandboxTicks FROM sandbox_clock"));
    }

    [Fact]
    public async Task Processes_starting_together_on_one_SQLite_file_apply_each_script_once()
    {
        var path = Path.Combine(_folder, "together.db");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SqliteSchema.UpgradeAsync(path, NullLogger.Instance, CancellationToken.None))));

        Assert.Equal(SchemaMigrations.Scripts(StorageProvider.Sqlite).Select(s => s.Name), Journal(path));
    }

    [Fact]
    public async Task A_database_newer_than_the_server_is_refused_in_one_line_and_left_untouched()
    {
        var path = Path.Combine(_folder, "payatcounter.db");
        await SqliteSchema.UpgradeAsync(path, NullLogger.Instance, CancellationToken.None);
        Execute(path, $"""INSERT INTO {SchemaMigrations.JournalTable} (ScriptName, Applied) VALUES ('9999_from_the_future.sql', '2027-01-01')""");
        var before = SqliteObjects(path);

        var refused = await Assert.ThrowsAsync<SchemaVersionException>(() => SqliteSchema.UpgradeAsync(path, NullLogger.Instance, CancellationToken.None));

        Assert.Equal($"{path} is at schema version 9999, newer than this server's {SchemaMigrations.LatestVersion(StorageProvider.Sqlite)} (it has 9999_from_the_future.sql): run a newer PayAtCounter, or give this one another database.", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
        Assert.Equal(before, SqliteObjects(path));

        // The server itself: exit code 1 and that one line, the file as it was.
        var line = await PayAtCounter.Server.Tests.Hosting.StartupTests.FailedStartAsync("--Storage:Provider", "Sqlite", "--Storage:DataDirectory", _folder);
        Assert.Equal($"PayAtCounter could not start: {refused.Message}", line.Trim());
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, SqliteObjects(path));
    }

    [PostgresFact]
    [Trait("Category", "Postgres")]
    public async Task Migrating_an_empty_PostgreSQL_database_gives_exactly_the_models_schema()
    {
        using var migrated = new TempDataDirectory();
        using var fromModel = new TempDataDirectory();
        var migratedDb = await PostgresDbAsync(migrated.Path);
        var modelDb = await PostgresDbAsync(fromModel.Path);

        await UpgradePostgresAsync(migratedDb);
        await using (var db = new PayAtCounterDb(new DbContextOptionsBuilder<PayAtCounterDb>().UseNpgsql(modelDb).Options))
        {
            await db.Database.ExecuteSqlRawAsync(db.Database.GenerateCreateScript());
        }

        var expected = await PostgresObjectsAsync(modelDb);
        var actual = (await PostgresObjectsAsync(migratedDb)).Where(o => !o.Contains(SchemaMigrations.JournalTable, StringComparison.Ordinal)).ToList();
        Assert.True(expected.SequenceEqual(actual),
            "The migrations do not give the model's schema: add a script to src/PayAtCounter.Server/Storage/Migrations/Postgres (and Sqlite) that makes the change.\n"
            + string.Join("\n", expected.Except(actual).Select(o => "missing: " + o).Concat(actual.Except(expected).Select(o => "extra: " + o)).Take(6)));
        Assert.True(expected.Count > 60);
    }

    [PostgresFact]
    [Trait("Category", "Postgres")]
    public async Task Instances_starting_together_on_one_PostgreSQL_database_apply_each_script_once()
    {
        using var data = new TempDataDirectory();
        var connection = await PostgresDbAsync(data.Path);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => UpgradePostgresAsync(connection))));

        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var query = new NpgsqlCommand($"SELECT \"scriptname\" FROM {SchemaMigrations.JournalTable} ORDER BY 1", db);
        var applied = new List<string>();
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                applied.Add(reader.GetString(0));
            }
        }
        Assert.Equal(SchemaMigrations.Scripts(StorageProvider.Postgres).Select(s => s.Name), applied);
    }

    [PostgresFact]
    [Trait("Category", "Postgres")]
    public async Task A_PostgreSQL_database_newer_than_the_server_is_refused_and_left_untouched()
    {
        using var data = new TempDataDirectory();
        var connection = await PostgresDbAsync(data.Path);
        await UpgradePostgresAsync(connection);
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync();
            await using var insert = new NpgsqlCommand($"INSERT INTO {SchemaMigrations.JournalTable} (scriptname, applied) VALUES ('9999_from_the_future.sql', now())", db);
            await insert.ExecuteNonQueryAsync();
        }
        var before = await PostgresObjectsAsync(connection);

        var refused = await Assert.ThrowsAsync<SchemaVersionException>(() => UpgradePostgresAsync(connection));

        Assert.StartsWith("test database is at schema version 9999, newer than this server's", refused.Message);
        Assert.Equal(before, await PostgresObjectsAsync(connection));
    }

    private static async Task UpgradePostgresAsync(string connection)
    {
        await using var db = new PayAtCounterDb(new DbContextOptionsBuilder<PayAtCounterDb>().UseNpgsql(connection).Options);
        await PostgresSchema.UpgradeAsync(db, "test database", NullLogger.Instance, CancellationToken.None);
    }

    // A database of its own for the folder, created empty (TempDataDirectory drops it).
    private static async Task<string> PostgresDbAsync(string folder)
    {
        var settings = TestStorage.Settings(folder);
        var connection = settings["Storage:ConnectionString"]!;
        var name = new NpgsqlConnectionStringBuilder(connection).Database!;
        await using var admin = new NpgsqlConnection(TestStorage.Postgres);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
        await create.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task<List<string>> PostgresObjectsAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var query = new NpgsqlCommand("""
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(collation_name, '') || ' ' || coalesce(column_default, '')
              FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL
            SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL
            SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
            ORDER BY 1
            """, db);
        var objects = new List<string>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            objects.Add(reader.GetString(0));
        }
        return objects;
    }

    private static List<string> SqliteObjects(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name";
        var objects = new List<string>();
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            objects.Add(reader.GetString(0).Replace("IF NOT EXISTS ", "", StringComparison.Ordinal).ReplaceLineEndings("\n"));
        }
        return objects;
    }

    private static List<string> Journal(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var query = connection.CreateCommand();
        query.CommandText = $"SELECT ScriptName FROM {SchemaMigrations.JournalTable} ORDER BY SchemaVersionID";
        var names = new List<string>();
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }
}
