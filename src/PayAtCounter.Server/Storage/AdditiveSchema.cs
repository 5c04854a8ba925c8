using System.Text.RegularExpressions;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// The model's create script made safe to run on every start: each table and index is created only if it is
/// missing, so a database made by an earlier version gains the tables and indexes added since (a new feature's
/// table) and keeps its data. It does not change a table that exists: changing columns needs a versioned
/// migration, which this is not.
/// </summary>
internal static partial class AdditiveSchema
{
    /// <summary><paramref name="createScript"/> with every <c>CREATE TABLE</c> and <c>CREATE [UNIQUE] INDEX</c> made conditional.</summary>
    public static string Of(string createScript) => Create().Replace(createScript, m => $"{m.Value}IF NOT EXISTS ");

    [GeneratedRegex(@"\bCREATE (?:UNIQUE )?(?:TABLE|INDEX) (?!IF NOT EXISTS)")]
    private static partial Regex Create();
}
