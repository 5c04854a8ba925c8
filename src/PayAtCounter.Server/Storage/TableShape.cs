using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// A table as the writer sees it: its name, its columns and how to read each from a row, taken from the EF Core
/// model (the row class and its table configuration). There is no second list of columns to keep in step with the
/// model; <c>StorageSchemaTests</c> checks that the model, the compiled model and both databases' schemas agree.
/// </summary>
internal sealed class TableShape
{
    private static readonly ConcurrentDictionary<Type, TableShape> Shapes = new();

    private TableShape(IEntityType entity)
    {
        Name = entity.GetTableName()!;
        var properties = entity.GetProperties().ToArray();
        Columns = properties.Select(p => p.GetColumnName()).ToArray();
        Getters = properties.Select(p => MakeGetter(entity.ClrType, p.PropertyInfo!)).ToArray();
        ColumnTypes = properties.Select(p => p.ClrType).ToArray();
        RowType = entity.ClrType;
        _properties = properties.Select(p => p.PropertyInfo!).ToArray();
        var key = entity.FindPrimaryKey()!.Properties.Single();
        KeyIndex = Array.IndexOf(properties, key);
        VersionIndex = Array.FindIndex(properties, p => p.IsConcurrencyToken);
    }

    /// <summary>The table's name.</summary>
    public string Name { get; }

    /// <summary>Every column, in the model's order.</summary>
    public string[] Columns { get; }

    /// <summary>The value of each column of a row, in <see cref="Columns"/> order.</summary>
    public Func<object, object?>[] Getters { get; }

    /// <summary>The type of each column's property, in <see cref="Columns"/> order.</summary>
    public Type[] ColumnTypes { get; }

    /// <summary>The row class.</summary>
    public Type RowType { get; }

    private readonly PropertyInfo[] _properties;

    /// <summary>
    /// A new row with <paramref name="values"/> (<see cref="Columns"/> order, of <see cref="ColumnTypes"/>): a row
    /// read back from a snapshot. Reflection, as it is rare; the hot paths only read rows.
    /// </summary>
    public object Make(object?[] values)
    {
        var row = Activator.CreateInstance(RowType)!;
        for (var i = 0; i < _properties.Length; i++)
        {
            _properties[i].SetValue(row, values[i]);
        }
        return row;
    }

    /// <summary>Index of the primary key in <see cref="Columns"/>.</summary>
    public int KeyIndex { get; }

    /// <summary>Index of the version column, or -1 for a table that is only ever added to.</summary>
    public int VersionIndex { get; }

    /// <summary>The shape of the table that stores rows of <paramref name="rowType"/>.</summary>
    public static TableShape For(IModel model, Type rowType)
        => Shapes.GetOrAdd(rowType, static (type, m) => new TableShape(m.FindEntityType(type)
            ?? throw new InvalidOperationException($"{type.Name} is not a table of the model; add its configuration.")), model);

    /// <summary>Fills <paramref name="values"/> with the row's columns in <see cref="Columns"/> order.</summary>
    public void Read(object row, object?[] values)
    {
        for (var i = 0; i < Getters.Length; i++)
        {
            values[i] = Getters[i](row);
        }
    }

    /// <summary><c>INSERT</c> of <paramref name="rows"/> rows, with <paramref name="parameter"/> naming the n-th value (1-based).</summary>
    public string InsertSql(int rows, Func<int, string> parameter)
    {
        var sql = new System.Text.StringBuilder($"INSERT INTO {Name} ({string.Join(", ", Columns.Select(Quote))}) VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            sql.AppendJoin(", ", Columns.Select((_, c) => parameter(r * Columns.Length + c + 1)));
            sql.Append(')');
        }
        return sql.ToString();
    }

    /// <summary>
    /// A version-guarded <c>UPDATE</c> of every column but the key. Values (<see cref="ReadForUpdate"/>): the other
    /// columns in order, the version column holding the new version; then the key; then the version read.
    /// </summary>
    public string UpdateSql(Func<int, string> parameter)
    {
        var set = Columns.Where((_, i) => i != KeyIndex).Select((c, n) => $"{Quote(c)} = {parameter(n + 1)}");
        return $"UPDATE {Name} SET {string.Join(", ", set)} WHERE {Quote(Columns[KeyIndex])} = {parameter(Columns.Length)} AND {Quote(Columns[VersionIndex])} = {parameter(Columns.Length + 1)}";
    }

    /// <summary>Fills <paramref name="values"/> (<see cref="Columns"/> length + 1) for <see cref="UpdateSql"/>.</summary>
    public void ReadForUpdate(IVersionedRow row, object?[] values)
    {
        var n = 0;
        for (var i = 0; i < Getters.Length; i++)
        {
            if (i != KeyIndex)
            {
                values[n++] = i == VersionIndex ? row.Version + 1 : Getters[i](row);
            }
        }
        values[n++] = row.Id;
        values[n] = row.Version;
    }

    /// <summary>A version-guarded <c>DELETE</c>. Values: the key, then the version read.</summary>
    public string DeleteSql(Func<int, string> parameter)
        => $"DELETE FROM {Name} WHERE {Quote(Columns[KeyIndex])} = {parameter(1)} AND {Quote(Columns[VersionIndex])} = {parameter(2)}";

    private static string Quote(string column) => $"\"{column}\"";

    // A delegate over the property's getter: no expression compiled at the first write of a cold start.
    private static Func<object, object?> MakeGetter(Type rowType, PropertyInfo property)
        => (Func<object, object?>)typeof(TableShape).GetMethod(nameof(Getter), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(rowType, property.PropertyType).Invoke(null, [property.GetMethod!])!;

    private static Func<object, object?> Getter<TRow, TValue>(MethodInfo getter)
    {
        var get = getter.CreateDelegate<Func<TRow, TValue>>();
        return row => get((TRow)row);
    }
}
