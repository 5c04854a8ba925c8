namespace PayAtCounter.Engine.Readiness;

/// <summary>A rule's finding on one row: the verdict and the evidence it rests on.</summary>
internal sealed record Judgement(Verdict Verdict, IReadOnlyList<Evidence> Evidence)
{
    public static Judgement Passed(params Evidence[] evidence) => new(Verdict.Passed, evidence);

    public static Judgement Failed(params Evidence[] evidence) => new(Verdict.Failed, evidence);

    public static Judgement NotExercised(params Evidence[] evidence) => new(Verdict.NotExercised, evidence);

    public static Judgement ConfirmByHand(params Evidence[] evidence) => new(Verdict.ConfirmByHand, evidence);

    /// <summary>Evidence from text and the requests it names.</summary>
    public static Evidence Saw(string text, params RecordedRequest?[] requests)
        => new(text, requests.Where(r => r is not null).Select(r => r!.Id).Distinct().ToList());

    /// <summary>Evidence that names no request.</summary>
    public static Evidence Note(string text) => new(text, []);

    /// <summary>Evidence from text and request ids.</summary>
    public static Evidence Saw(string text, IEnumerable<string> requestIds) => new(text, requestIds.Distinct().ToList());
}

/// <summary>How to grade one row, and what to do to exercise it against this server.</summary>
internal sealed record RowRule(string Id, string HowToExercise, Func<TillTraffic, Judgement> Judge);
