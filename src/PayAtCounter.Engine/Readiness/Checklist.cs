using System.Text.RegularExpressions;

namespace PayAtCounter.Engine.Readiness;

/// <summary>One row of Dojo's go-live checklist, as the checklist file has it.</summary>
/// <param name="Id">The row id, e.g. <c>AS-07</c>.</param>
/// <param name="Section">The section heading, e.g. <c>[Auto] Create Terminal Session - Sale</c>.</param>
/// <param name="Title">The scenario, with the <c>[Optional]</c> mark removed.</param>
/// <param name="Optional">Marked <c>[Optional]</c>: reported, but not counted against the summary.</param>
/// <param name="Steps">The steps to reproduce.</param>
/// <param name="Expected">The expected outcome (empty for the error rows, which have one description column).</param>
public sealed record ChecklistRow(string Id, string Section, string Title, bool Optional, string Steps, string Expected);

/// <summary>
/// Dojo's go-live checklist, read from its Markdown file (<c>reference/go-live-checklist.md</c>, embedded in the
/// server): the rows the readiness inspector grades come from there, never from a second copy typed by hand.
/// </summary>
public sealed partial class Checklist
{
    private Checklist(IReadOnlyList<ChecklistRow> rows) => Rows = rows;

    /// <summary>The rows, in the file's order.</summary>
    public IReadOnlyList<ChecklistRow> Rows { get; }

    /// <summary>Reads the rows of the checklist's tables (<c>| id | scenario | steps | expected |</c>).</summary>
    public static Checklist Parse(string markdown)
    {
        var rows = new List<ChecklistRow>();
        var section = "";
        foreach (var line in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = line[3..].Trim();
                continue;
            }
            if (Row().Match(line) is not { Success: true } row)
            {
                continue;
            }
            var cells = row.Groups["rest"].Value.Split('|').Select(c => c.Trim()).ToList();
            var title = cells.ElementAtOrDefault(0) ?? "";
            var optional = title.Contains("[Optional]", StringComparison.OrdinalIgnoreCase);
            rows.Add(new ChecklistRow(
                row.Groups["id"].Value,
                section,
                title.Replace("[Optional]", "", StringComparison.OrdinalIgnoreCase).Trim(),
                optional,
                cells.ElementAtOrDefault(1) ?? "",
                cells.ElementAtOrDefault(2) ?? ""));
        }
        return new Checklist(rows);
    }

    [GeneratedRegex(@"^\|\s*(?<id>[A-Z]+-\d+)\s*\|(?<rest>.*?)\|?\s*$")]
    private static partial Regex Row();
}
