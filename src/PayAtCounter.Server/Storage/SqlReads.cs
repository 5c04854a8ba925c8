using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Reads in plain SQL for the scheduler's and session creation's hot paths, where EF Core's query pipeline cost
/// more than the query: versions and documents by id, nothing else.
/// </summary>
internal static class SqlReads
{
    /// <summary>The version and document of each row of <paramref name="table"/> named in <paramref name="ids"/>.</summary>
    public static async Task<List<(string Id, int Version, string Document)>> DocumentsAsync(DbConnection connection, string table, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var rows = new List<(string, int, string)>(ids.Count);
        if (ids.Count == 0)
        {
            return rows;
        }
        await using var command = connection.CreateCommand();
        command.CommandText = $"""SELECT "Id", "Version", "Document" FROM {table} WHERE {AnyOf(command, "\"Id\"", ids)}""";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetInt32(1), reader.GetString(2)));
        }
        return rows;
    }

    /// <summary>
    /// "column is one of ids" with the ids as one parameter: a JSON array on SQLite (whose name-based binding makes
    /// long IN lists of parameters cost quadratic time), an array on PostgreSQL.
    /// </summary>
    public static string AnyOf(DbCommand command, string column, IReadOnlyCollection<string> ids)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@ids";
        parameter.Value = command is SqliteCommand ? JsonSerializer.Serialize(ids.ToArray(), StorageJsonContext.Default.StringArray) : ids.ToArray();
        command.Parameters.Add(parameter);
        return command is SqliteCommand ? $"{column} IN (SELECT value FROM json_each(@ids))" : $"{column} = ANY(@ids)";
    }
}
