namespace PayAtCounter.Engine.Readiness;

/// <summary>What the traffic shows for a checklist row.</summary>
public enum Verdict
{
    /// <summary>The traffic shows the expected behaviour.</summary>
    Passed,
    /// <summary>The traffic shows behaviour the checklist rules out.</summary>
    Failed,
    /// <summary>Nothing in the run touches the row.</summary>
    NotExercised,
    /// <summary>Only a person can see it (what the till displays); the evidence says what the traffic does prove.</summary>
    ConfirmByHand,
}

/// <summary>A fact the verdict rests on, with the requests and objects that show it.</summary>
/// <param name="Text">What was seen, with figures.</param>
/// <param name="RequestIds">The recorded requests (<c>rq_…</c>) it rests on.</param>
public sealed record Evidence(string Text, IReadOnlyList<string> RequestIds);

/// <summary>The verdict on one checklist row.</summary>
public sealed record RowReport(string Id, string Section, string Title, bool Optional, Verdict Verdict, IReadOnlyList<Evidence> Evidence, string? Expected, string HowToExercise);

/// <summary>Counts of verdicts over the rows that are not optional.</summary>
public sealed record ReportSummary(int Passed, int Failed, int NotExercised, int ConfirmByHand);

/// <summary>The whole report of a run.</summary>
public sealed record ReadinessReport(
    ReadinessRun Run,
    IReadOnlyList<string> ApiVersions,
    ReportSummary Summary,
    RowReport MandatoryRefund,
    IReadOnlyList<RowReport> Rows,
    int RequestCount,
    long Dropped,
    string UnauthenticatedTie);
