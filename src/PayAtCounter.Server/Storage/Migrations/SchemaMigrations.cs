using System.Text.RegularExpressions;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using Microsoft.Extensions.Logging;

namespace PayAtCounter.Server.Storage.Migrations;

/// <summary>
/// The schema's versions: an ordered list of SQL scripts per provider (<c>Migrations/Sqlite</c>,
/// <c>Migrations/Postgres</c>, embedded in the assembly, named <c>NNNN_what.sql</c>), applied by DbUp, which
/// records each one applied in the database's <c>schema_versions</c> table. The version of a database is the number
/// of the newest script it has applied. A change to the schema is a new script in both folders, never an edit.
/// </summary>
public static partial class SchemaMigrations
{
    /// <summary>The table DbUp records applied scripts in.</summary>
    public const string JournalTable = "schema_versions";

    /// <summary>The scripts of <paramref name="provider"/>, oldest first.</summary>
    public static IReadOnlyList<SqlScript> Scripts(StorageProvider provider)
    {
        var prefix = $"PayAtCounter.Server.Storage.Migrations.{provider}.";
        var assembly = typeof(SchemaMigrations).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(name =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                return new SqlScript(name[prefix.Length..], reader.ReadToEnd());
            })
            .OrderBy(script => script.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The version this server's newest script brings a database to.</summary>
    public static int LatestVersion(StorageProvider provider) => Scripts(provider).Max(s => VersionOf(s.Name));

    /// <summary>The version a script name stands for: its number.</summary>
    public static int VersionOf(string scriptName)
        => Number().Match(scriptName) is { Success: true } match ? int.Parse(match.Value, System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"Migration script {scriptName} is not named NNNN_what.sql.");

    /// <summary>
    /// Brings the database to <see cref="LatestVersion"/>, each script in its own transaction, and returns the version
    /// it was at (0: none recorded). A database with a script this server does not know was upgraded by a newer
    /// server: it is refused, untouched.
    /// </summary>
    public static int Upgrade(StorageProvider provider, string connectionString, string where, ILogger logger)
    {
        var scripts = Scripts(provider);
        var builder = provider == StorageProvider.Postgres
            ? DeployChanges.To.PostgresqlDatabase(connectionString).JournalToPostgresqlTable("public", JournalTable)
            : DeployChanges.To.SqliteDatabase(connectionString).JournalToSqliteTable(JournalTable);
        var engine = builder
            .WithScripts(scripts)
            .WithTransactionPerScript()
            // Scripts are plain SQL: a '$' in one is not a DbUp variable.
            .WithVariablesDisabled()
            // DbUp narrates every start ("checking whether journal table exists" …); what matters is logged below.
            .LogToNowhere()
            .Build();
        var applied = engine.GetExecutedScripts();
        var unknown = applied.Except(scripts.Select(s => s.Name), StringComparer.Ordinal).ToList();
        var before = applied.Count == 0 ? 0 : applied.Max(VersionOf);
        if (unknown.Count > 0)
        {
            throw new SchemaVersionException(
                $"{where} is at schema version {before}, newer than this server's {LatestVersion(provider)} (it has {string.Join(", ", unknown)}): run a newer PayAtCounter, or give this one another database.");
        }
        var result = engine.PerformUpgrade();
        if (!result.Successful)
        {
            throw new SchemaVersionException($"upgrading {where} failed in {result.ErrorScript?.Name}: {result.Error.Message}", result.Error);
        }
        if (result.Scripts.Any())
        {
            logger.LogInformation("Upgraded the schema of {Database} from version {From} to {To} ({Scripts})",
                where, before, LatestVersion(provider), string.Join(", ", result.Scripts.Select(s => s.Name)));
        }
        return before;
    }

    [GeneratedRegex(@"^\d+")]
    private static partial Regex Number();
}

/// <summary>The database's schema cannot be used by this server: newer than it, or an upgrade failed.</summary>
public sealed class SchemaVersionException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
