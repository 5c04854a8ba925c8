using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Storage.CompiledModel;
using PayAtCounter.Tests.Shared;

namespace PayAtCounter.Server.Tests.Storage;

/// <summary>
/// SQLite start-up uses the compiled model instead of building it from <see cref="PayAtCounterDb"/> at run time; it
/// must match the model (scripts/regenerate-sqlite-model.sh). The schema itself is the migrations' (SchemaMigrationTests).
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

    // Everything about the model that reaches the database or the change tracker, one line per fact.
    private static List<string> Describe(IModel model) => model.GetEntityTypes().SelectMany(e =>
            new[] { $"{e.Name} table={e.GetTableName()} key={string.Join(",", e.FindPrimaryKey()!.Properties.Select(p => p.Name))}" }
            .Concat(e.GetProperties().Select(p => $"{e.Name}.{p.Name} {p.ClrType.Name} column={p.GetColumnName()} store={((Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping)p.GetTypeMapping()).StoreType} nullable={p.IsNullable} concurrency={p.IsConcurrencyToken} generated={p.ValueGenerated}"))
            .Concat(e.GetIndexes().Select(i => $"{e.Name} index={string.Join(",", i.Properties.Select(p => p.Name))} unique={i.IsUnique}")))
        .Order(StringComparer.Ordinal).ToList();
}
