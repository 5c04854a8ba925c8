using System.Text.RegularExpressions;
using PayAtCounter.Tests.Shared;

namespace PayAtCounter.Server.Tests.Coverage;

/// <summary>
/// Every behavioural rule of the contract digest (reference/contract.md §7) and every row of Dojo's go-live
/// checklist (reference/go-live-checklist.md) is proved by at least one test that names it, so a reader can go
/// from a rule to its test: <c>Rule13_…</c>, <c>Rules42_44_…</c>, <c>AS09_…</c>, <c>Rule01_and_CFG02_…</c>.
/// </summary>
public sealed partial class RuleAndRowCoverageTests
{
    private static readonly string Root = RepositoryPaths.Root();

    [Fact]
    public void Every_rule_of_the_contract_is_cited_by_a_test_name()
    {
        var contract = File.ReadAllText(Path.Combine(Root, "reference", "contract.md")).ReplaceLineEndings("\n");
        var rules = contract[contract.IndexOf("\n## 7.", StringComparison.Ordinal)..contract.IndexOf("\n## 8.", StringComparison.Ordinal)];
        var ids = RuleLine().Matches(rules).Select(m => int.Parse(m.Groups["id"].Value)).Distinct().ToList();
        var cited = TestNames().SelectMany(CitedRules).ToHashSet();

        Assert.Equal(Enumerable.Range(1, 70), ids.Order());
        var missing = ids.Where(id => !cited.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"{ids.Count - missing.Count}/{ids.Count} rules cited; no test name cites rule(s) {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_row_of_the_go_live_checklist_is_cited_by_a_test_name()
    {
        var checklist = File.ReadAllText(Path.Combine(Root, "reference", "go-live-checklist.md"));
        var rows = ChecklistRow().Matches(checklist).Select(m => m.Groups["id"].Value).Distinct().ToList();
        var cited = TestNames().SelectMany(name => name.Split('_')).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(56, rows.Count);
        var missing = rows.Where(row => !cited.Contains(row.Replace("-", "", StringComparison.Ordinal))).ToList();
        Assert.True(missing.Count == 0, $"{rows.Count - missing.Count}/{rows.Count} rows cited; no test name cites {string.Join(", ", missing)}");
    }

    [Theory]
    [InlineData("Rule13_the_timer_counts", new[] { 13 })]
    [InlineData("Rules42_44_in_flight_then_final", new[] { 42, 44 })]
    [InlineData("Rule01_and_CFG02_a_wrong_key", new[] { 1 })]
    [InlineData("Rules_16_17_and_30_are", new[] { 16, 17, 30 })]
    [InlineData("A_test_about_Rule_numbers_in_words", new int[0])]
    public void A_name_cites_the_rules_it_starts_a_run_of_numbers_with(string name, int[] expected)
        => Assert.Equal(expected, CitedRules(name));

    // "Rule13_…", "Rules42_44_…", "Rules_16_17_and_30_…": a Rule/Rules word, then numbers (and "and"s).
    private static IEnumerable<int> CitedRules(string name)
    {
        var words = name.Split('_');
        for (var i = 0; i < words.Length; i++)
        {
            if (RuleWord().Match(words[i]) is not { Success: true } rule)
            {
                continue;
            }
            if (rule.Groups["id"].Success)
            {
                yield return int.Parse(rule.Groups["id"].Value);
            }
            for (var j = i + 1; j < words.Length && (words[j] == "and" || words[j].All(char.IsAsciiDigit) && words[j].Length > 0); j++)
            {
                if (words[j] != "and")
                {
                    yield return int.Parse(words[j]);
                }
            }
        }
    }

    // The names of every test method in the repository's test projects.
    private static List<string> TestNames()
        => Directory.GetFiles(Path.Combine(Root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => TestMethod().Matches(File.ReadAllText(file)).Select(m => m.Groups["name"].Value))
            .ToList();

    [GeneratedRegex(@"^(?<id>\d+)\. ", RegexOptions.Multiline)]
    private static partial Regex RuleLine();

    [GeneratedRegex(@"^\|\s*(?<id>[A-Z]+-\d+)\s*\|", RegexOptions.Multiline)]
    private static partial Regex ChecklistRow();

    [GeneratedRegex(@"^Rules?(?<id>\d+)?$")]
    private static partial Regex RuleWord();

    // Test methods are the public instance methods of the test classes (helpers are private or static).
    [GeneratedRegex(@"^\s*public\s+(?:async\s+Task|void)\s+(?<name>\w+)\s*\(", RegexOptions.Multiline)]
    private static partial Regex TestMethod();
}
