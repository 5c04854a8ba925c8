using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Storage;

/// <summary>
/// Each table is described once, by its row class and table configuration (the model). The compiled model and the
/// SQLite script are checked against it by <see cref="SqliteModelTests"/>; these check the database the server
/// actually made (on whichever provider the pass runs) and the writer's statements, by writing and reading back
/// every column of every table.
/// </summary>
public sealed class StorageSchemaTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_database_has_exactly_the_models_tables_columns_and_nullability()
    {
        _app.CreateDojoClient();
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PayAtCounterDb>();
        var expected = db.Model.GetEntityTypes()
            .SelectMany(e => e.GetProperties().Select(p => $"{e.GetTableName()}.{p.GetColumnName()} nullable={p.IsNullable}"))
            .Order(StringComparer.Ordinal).ToList();

        // The migrations' journal is the only table that is not the model's.
        var actual = (await ColumnsAsync(db)).Where(c => !c.StartsWith(PayAtCounter.Server.Storage.Migrations.SchemaMigrations.JournalTable + ".", StringComparison.OrdinalIgnoreCase)).ToList();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task A_database_made_before_versions_and_before_a_table_was_added_gains_it_at_start_and_keeps_its_data()
    {
        using var data = new TempDataDirectory();
        string intentId;
        using (var before = new PayAtCounterApp(data.Path))
        {
            intentId = (string)(await before.CreateDojoClient().CreateIntentAsync())["id"]!;
            await before.CreateDojoClient().GetIntentAsync(intentId);
            // As an older version left it: without the readiness inspector's tables, and without schema versions.
            await using var scope = before.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PayAtCounterDb>();
            await db.Database.ExecuteSqlRawAsync($"DROP TABLE recorded_requests; DROP TABLE readiness_runs; DROP TABLE {PayAtCounter.Server.Storage.Migrations.SchemaMigrations.JournalTable};");
        }

        using var after = new PayAtCounterApp(data.Path);
        var client = after.CreateDojoClient();

        Assert.Equal(intentId, (string)(await client.GetIntentAsync(intentId))["id"]!);
        await (await client.PostJsonAsync("/sandbox/readiness/runs", """{"name":"after the upgrade"}""")).ReadJsonAsync(System.Net.HttpStatusCode.OK);
        await using var read = after.Services.CreateAsyncScope();
        Assert.Contains("recorded_requests", await ColumnsAsync(read.ServiceProvider.GetRequiredService<PayAtCounterDb>()) is var columns ? string.Join(" ", columns) : "");
    }

    [Fact]
    public async Task The_writers_columns_are_the_models_columns()
    {
        _app.CreateDojoClient();
        await using var scope = _app.Services.CreateAsyncScope();
        var model = scope.ServiceProvider.GetRequiredService<PayAtCounterDb>().Model;

        foreach (var entity in model.GetEntityTypes())
        {
            var shape = TableShape.For(model, entity.ClrType);
            Assert.Equal(entity.GetTableName(), shape.Name);
            Assert.Equal(entity.GetProperties().Select(p => p.GetColumnName()), shape.Columns);
            // Every public property of the row is a column, except the state it was made from (not stored).
            var properties = entity.ClrType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Where(n => n != "State");
            Assert.Equal(properties.Order(StringComparer.Ordinal), entity.GetProperties().Select(p => p.Name).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Every_column_of_every_table_is_written_changed_and_removed_by_the_unit_of_work()
    {
        _app.CreateDojoClient();
        var writer = _app.Services.GetRequiredService<StorageWriter>();
        IModel model;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            model = scope.ServiceProvider.GetRequiredService<PayAtCounterDb>().Model;
        }

        foreach (var entity in model.GetEntityTypes())
        {
            var row = Sample(entity, seed: 1);
            var added = new UnitOfWork();
            added.Add(row);
            Assert.True(await writer.CommitAsync(added), $"adding a {entity.ClrType.Name}");
            Assert.Equal(Values(entity, row), Values(entity, await ReadAsync(entity, row)));

            if (row is not IVersionedRow versioned)
            {
                continue;
            }
            var changed = (IVersionedRow)Sample(entity, seed: 2, id: versioned.Id);
            changed.Version = versioned.Version;
            var change = new UnitOfWork();
            change.Change(changed);
            Assert.True(await writer.CommitAsync(change), $"changing a {entity.ClrType.Name}");
            Assert.Equal(versioned.Version + 1, changed.Version);
            Assert.Equal(Values(entity, changed), Values(entity, await ReadAsync(entity, changed)));

            // A change guarded by the version read before the last commit is a conflict, and stores nothing.
            var stale = (IVersionedRow)Sample(entity, seed: 3, id: versioned.Id);
            stale.Version = versioned.Version;
            var staleChange = new UnitOfWork();
            staleChange.Change(stale);
            Assert.False(await writer.CommitAsync(staleChange), $"a stale change of a {entity.ClrType.Name}");
            Assert.Equal(Values(entity, changed), Values(entity, await ReadAsync(entity, changed)));

            var remove = new UnitOfWork();
            remove.Remove(changed);
            Assert.True(await writer.CommitAsync(remove), $"removing a {entity.ClrType.Name}");
            Assert.Null(await ReadAsync(entity, changed));
        }
    }

    // A row with a distinct value in every column; outbox events are made fanned out, as the writer stores an
    // event of an account without subscriptions.
    private static object Sample(IEntityType entity, int seed, string? id = null)
    {
        var row = System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(entity.ClrType);
        var n = 0;
        foreach (var property in entity.GetProperties())
        {
            n++;
            object value = property.ClrType switch
            {
                var t when t == typeof(string) => property.IsPrimaryKey() ? id ?? $"{entity.GetTableName()}_{Guid.NewGuid():N}" : $"{property.Name} {seed} ∑ é",
                var t when t == typeof(long) || t == typeof(long?) => 1_000_000_000_000L * seed + n,
                var t when t == typeof(int) || t == typeof(int?) => property.IsPrimaryKey() ? 7 : property.IsConcurrencyToken ? 0 : 1000 * seed + n,
                var t when t == typeof(bool) => property.Name == "FannedOut" || seed % 2 == 1,
                var t when t == typeof(byte[]) => new byte[] { (byte)seed, (byte)n, 0, 255 },
                var t => throw new NotSupportedException($"No sample value for {t.Name}"),
            };
            property.PropertyInfo!.SetValue(row, value);
        }
        return row;
    }

    private static List<string> Values(IEntityType entity, object? row)
        => row is null ? [] : entity.GetProperties().Select(p => $"{p.Name}={Show(p.PropertyInfo!.GetValue(row))}").ToList();

    private static string Show(object? value) => value is byte[] bytes ? Convert.ToHexString(bytes) : $"{value}";

    private async Task<object?> ReadAsync(IEntityType entity, object row)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PayAtCounterDb>();
        var key = entity.FindPrimaryKey()!.Properties.Single().PropertyInfo!.GetValue(row);
        return await db.FindAsync(entity.ClrType, key);
    }

    private static async Task<List<string>> ColumnsAsync(PayAtCounterDb db)
    {
        var sql = db.Database.IsNpgsql()
            ? """
              SELECT table_name || '.' || column_name || ' nullable=' || CASE WHEN is_nullable = 'YES' THEN 'True' ELSE 'False' END
              FROM information_schema.columns WHERE table_schema = current_schema()
              """
            : """
              SELECT m.name || '.' || c.name || ' nullable=' || CASE WHEN c."notnull" = 0 AND c.pk = 0 THEN 'True' ELSE 'False' END
              FROM sqlite_master m JOIN pragma_table_info(m.name) c
              WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
              """;
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }
        return columns.Order(StringComparer.Ordinal).ToList();
    }
}
