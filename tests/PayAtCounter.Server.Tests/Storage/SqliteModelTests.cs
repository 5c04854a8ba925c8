using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Storage.CompiledModel;
using PayAtCounter.Tests.Shared;

namespace PayAtCounter.Server.Tests.Storage;

/// <summary>
/// SQLite start-up uses generated artefacts instead of building them from <see cref="PayAtCounterDb"/> at run time:
/// the compiled model and the create script. Both must match the model (scripts/regenerate-sqlite-model.sh).
/// </summary>
public sealed class SqliteModelTests
{
    [Fact]
    public void The_compiled_model_matches_the_model_built_from_PayAtCounterDb()
    {
        using var built = new PayAtCounterDb(new DbContextOptionsBuilder<PayAtCounterDb>().UseSqlite("Data Source=:memory:").Options);
        using var compiled = new PayAtCounterDb(new DbContextOptionsBuilder<PayAtCounterDb>().UseSqlite("Data Source=:memory:").UseModel(PayAtCounterDbModel.Instance).Options);
        var (expected, actual) = (Describe(built.Model), Describe(compiled.Model));

        Assert.True(expected.SequenceEqual(actual),
            "The model changed and Storage/CompiledModel did not: run scripts/regenerate-sqlite-model.sh and commit the result.\n"
            + string.Join("\n", expected.Except(actual).Concat(actual.Except(expected)).Take(6)));
    }

    [Fact]
    public void The_checked_in_script_is_the_models_create_script()
    {
        using var db = new PayAtCounterDb(new DbContextOptionsBuilder<PayAtCounterDb>().UseSqlite("Data Source=:memory:").Options);
        var expected = Normalize(db.Database.GenerateCreateScript());
        var file = Path.Combine(RepositoryPaths.Root(), "src", "PayAtCounter.Server", "Storage", "SqliteSchema.sql");

        if (Environment.GetEnvironmentVariable("UPDATE_SQLITE_SCHEMA") == "1")
        {
            File.WriteAllText(file, expected);
        }

        Assert.True(Normalize(SqliteSchema.Script()) == expected,
            $"The model changed and {file} did not: run scripts/regenerate-sqlite-model.sh and commit the result.");
    }

    [Fact]
    public async Task The_script_creates_every_table_once_and_a_second_run_changes_nothing()
    {
        var path = Path.Combine(Path.GetTempPath(), "pac-tests", Guid.NewGuid().ToString("N") + ".db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            await using (var db = new PayAtCounterDb(new DbContextOptionsBuilder<PayAtCounterDb>().UseSqlite($"Data Source={path}").Options))
            {
                await SqliteSchema.EnsureCreatedAsync(db, CancellationToken.None);
                await SqliteSchema.EnsureCreatedAsync(db, CancellationToken.None);
                await db.Database.ExecuteSqlRawAsync("""INSERT INTO sandbox_clock ("Id", "SandboxTicks") VALUES (1, 5)""");
                var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Order().ToList();

                var created = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table' ORDER BY name").ToListAsync();

                Assert.Equal(tables, created.Where(t => !t.StartsWith("sqlite_", StringComparison.Ordinal)).Order().ToList());
                Assert.Equal(5, (await db.SandboxClock.SingleAsync()).SandboxTicks);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    // Everything about the model that reaches the database or the change tracker, one line per fact.
    private static List<string> Describe(IModel model) => model.GetEntityTypes().SelectMany(e =>
            new[] { $"{e.Name} table={e.GetTableName()} key={string.Join(",", e.FindPrimaryKey()!.Properties.Select(p => p.Name))}" }
            .Concat(e.GetProperties().Select(p => $"{e.Name}.{p.Name} {p.ClrType.Name} column={p.GetColumnName()} store={((Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping)p.GetTypeMapping()).StoreType} nullable={p.IsNullable} concurrency={p.IsConcurrencyToken} generated={p.ValueGenerated}"))
            .Concat(e.GetIndexes().Select(i => $"{e.Name} index={string.Join(",", i.Properties.Select(p => p.Name))} unique={i.IsUnique}")))
        .Order(StringComparer.Ordinal).ToList();

    private static string Normalize(string script) => script.ReplaceLineEndings("\n").Trim() + "\n";
}
