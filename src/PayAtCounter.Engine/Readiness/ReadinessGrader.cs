using PayAtCounter.Contracts;
using static PayAtCounter.Engine.Readiness.Judgement;

namespace PayAtCounter.Engine.Readiness;

/// <summary>
/// Grades a run's traffic against every row of the checklist. The judgement is behavioural: what the till did
/// (the requests it sent, when, and what it read after what) and what came of it (the sessions' and intents'
/// states), not a count of endpoints hit.
/// </summary>
public sealed class ReadinessGrader
{
    private readonly Checklist _checklist;
    private readonly Dictionary<string, RowRule> _rules;

    /// <summary>A grader for <paramref name="checklist"/>; every row must have a rule.</summary>
    public ReadinessGrader(Checklist checklist)
    {
        _checklist = checklist;
        _rules = ConfigurationAndIntentRules.All().Concat(SessionRules.All()).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var unruled = checklist.Rows.Where(r => !_rules.ContainsKey(r.Id)).Select(r => r.Id).ToList();
        if (unruled.Count > 0)
        {
            throw new InvalidOperationException($"No grading rule for checklist row(s) {string.Join(", ", unruled)}.");
        }
    }

    /// <summary>The ids of the rows a rule grades (for tests: every checklist row, nothing else).</summary>
    public static IReadOnlyCollection<string> RuledRows => ConfigurationAndIntentRules.All().Concat(SessionRules.All()).Select(r => r.Id).ToList();

    /// <summary>The report of <paramref name="run"/>.</summary>
    public ReadinessReport Grade(RunTraffic run)
    {
        var traffic = new TillTraffic(run);
        var rows = _checklist.Rows.Select(row =>
        {
            var rule = _rules[row.Id];
            var judgement = rule.Judge(traffic);
            return new RowReport(row.Id, row.Section, row.Title, row.Optional, judgement.Verdict, judgement.Evidence, NullIfEmpty(row.Expected), rule.HowToExercise);
        }).ToList();
        var counted = rows.Where(r => !r.Optional).ToList();
        var summary = new ReportSummary(
            counted.Count(r => r.Verdict == Verdict.Passed),
            counted.Count(r => r.Verdict == Verdict.Failed),
            counted.Count(r => r.Verdict == Verdict.NotExercised),
            counted.Count(r => r.Verdict == Verdict.ConfirmByHand));
        var versions = run.Requests.Where(r => r.AccountId is not null && r.Version is not null).Select(r => r.Version!).Distinct().Order(StringComparer.Ordinal).ToList();
        return new ReadinessReport(run.Run, versions, summary, MandatoryRefund(traffic), rows, run.Requests.Count, run.Dropped, run.UnauthenticatedTie);
    }

    // The checklist's preamble: at least one way of refunding (API refund, matched or unlinked refund on a terminal).
    private static RowReport MandatoryRefund(TillTraffic traffic)
    {
        var api = traffic.Requests.FirstOrDefault(r => r.Method == "POST" && r.Path.EndsWith("/refunds", StringComparison.Ordinal) && r.Status == 200);
        var onTerminal = traffic.Sessions.FirstOrDefault(s => s.State.Type != TerminalSessionType.Sale && s.Ended(TerminalSessionStatus.Captured));
        var judgement = (api, onTerminal) switch
        {
            ({ } refund, _) => Passed(Saw($"An API refund: {TillTraffic.Show(refund)}.", refund)),
            (null, { } session) => Passed(Saw($"A refund on a terminal: {session.Describe()}.", session.Created)),
            _ => Failed(Note("No refund of any kind was made: Dojo requires at least one method of refunding (an API refund, a matched refund or an unlinked refund).")),
        };
        return new RowReport("REFUND", "Refunds", "At least one method of refunding", Optional: false, judgement.Verdict, judgement.Evidence,
            "At least one of: an API refund, a matched refund or an unlinked refund on a terminal.",
            "Refund a captured intent: POST /payment-intents/{id}/refunds, or start a MatchedRefund or UnlinkedRefund session.");
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
