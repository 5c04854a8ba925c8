using System.Text.Json;

namespace PayAtCounter.Tests.Shared;

/// <summary>
/// Where the reliability tests (fuzzer, isolation, crash loops) leave what they sent and survived:
/// <c>artifacts/reliability/NAME.json</c> in the repository. <c>scripts/update-reliability.sh</c> writes the README's
/// "Reliability" section from these files, so its figures are the tests' own output.
/// </summary>
internal static class ReliabilityFigures
{
    /// <summary>
    /// Writes the figures of one test run (replacing the last run's of the same test, profile and storage), with the
    /// time. The storage is the one the tests run on: PostgreSQL when <c>PAC_TEST_POSTGRES</c> is set, else SQLite.
    /// </summary>
    public static void Record(string name, string profile, IReadOnlyDictionary<string, object> figures)
    {
        var folder = Path.Combine(RepositoryPaths.Root(), "artifacts", "reliability");
        Directory.CreateDirectory(folder);
        var storage = Environment.GetEnvironmentVariable("PAC_TEST_POSTGRES") is { Length: > 0 } ? "PostgreSQL" : "SQLite";
        var document = new Dictionary<string, object>(figures) { ["test"] = name, ["profile"] = profile, ["storage"] = storage, ["finishedAt"] = DateTimeOffset.UtcNow.ToString("u") };
        File.WriteAllText(Path.Combine(folder, $"{name}-{profile}-{storage.ToLowerInvariant()}.json"), JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }
}
