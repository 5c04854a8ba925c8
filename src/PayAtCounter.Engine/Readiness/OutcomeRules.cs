using PayAtCounter.Contracts;
using static PayAtCounter.Engine.Readiness.Judgement;

namespace PayAtCounter.Engine.Readiness;

/// <summary>
/// The shape most session rows share: a scenario happened on a terminal, the session reached the outcome the
/// checklist names, and the till read the session after that, so it had the outcome to show. A till that stopped
/// polling before the end cannot show it: Failed. What the till then shows on screen is for a person to confirm.
/// </summary>
internal static class OutcomeRules
{
    public static Judgement OutcomeRead(TillTraffic traffic, Func<SessionView, bool> scenario, TerminalSessionStatus expected, string scenarioText)
    {
        var sessions = traffic.Sessions.Where(scenario).ToList();
        if (sessions.Count == 0)
        {
            return NotExercised();
        }
        if (sessions.FirstOrDefault(s => s.Ended(expected) && s.ReadsOfOutcome.Any()) is { } read)
        {
            var first = read.ReadsOfOutcome.First();
            return Passed(Saw($"{scenarioText}: {read.Describe()}; the till read it at {TillTraffic.At(first.SandboxTime)} ({TillTraffic.Show(first)})", read.ReadEvidence()));
        }
        if (sessions.FirstOrDefault(s => s.Ended(expected)) is { } unread)
        {
            var last = unread.Polls.LastOrDefault();
            return Failed(Saw($"{scenarioText}: {unread.Describe()}, but the till never read the session after that"
                + (last is null ? " (it never polled it)" : $" (its last poll was at {TillTraffic.At(last.SandboxTime)})") + $", so it cannot show {expected}.", unread.Created, last));
        }
        var other = sessions[0];
        return NotExercised(Saw($"{scenarioText}: {other.Describe()}, not {expected}.", other.Created));
    }

    /// <summary>
    /// A decline followed by a retry: the retry must be a new session on the same intent (AS-07, MP-04). A new
    /// intent with the decline's reference and amount made afterwards is a second intent for one payment: Failed.
    /// </summary>
    public static Judgement DeclineRetriedOnSameIntent(TillTraffic traffic, bool auto)
    {
        var declines = traffic.Sessions.Where(s => s.IsSale && s.IsAuto == auto && s.Ended(TerminalSessionStatus.Declined) && s.State.PaymentIntentId is not null).ToList();
        if (declines.Count == 0)
        {
            return NotExercised();
        }
        // What the till did next for the same order: a new session on the declined intent, or a new intent with its
        // reference and amount, whichever came first.
        foreach (var decline in declines)
        {
            var intentId = decline.State.PaymentIntentId!;
            var intent = traffic.Traffic.Intents.GetValueOrDefault(intentId);
            var reuse = traffic.Sessions.FirstOrDefault(s => s.IsSale && s.State.PaymentIntentId == intentId && s.State.CreatedAt >= decline.EndedAt);
            var duplicate = intent is null ? default : traffic.CreatedIntents().FirstOrDefault(c =>
                c.Request.SandboxTime >= decline.EndedAt && c.Intent.Id != intentId
                && c.Intent.Reference == intent.Reference && c.Intent.Amount.Value == intent.Amount.Value);
            if (duplicate.Intent is not null && (reuse is null || duplicate.Request.SandboxTime <= reuse.State.CreatedAt))
            {
                return Failed(Saw($"{decline.Describe()} on intent {intentId}; to retry, the till made a new intent {duplicate.Intent.Id} "
                    + $"with the same reference '{intent!.Reference}' and amount {intent.Amount.Value} instead of a new session on {intentId}.", decline.Created, duplicate.Request));
            }
        }
        foreach (var decline in declines)
        {
            var retry = traffic.Sessions.FirstOrDefault(s => s.IsSale && s.State.PaymentIntentId == decline.State.PaymentIntentId && s.State.CreatedAt >= decline.EndedAt);
            if (retry is not null && decline.ReadsOfOutcome.Any())
            {
                return Passed(Saw($"{decline.Describe()}; the till read the decline and retried with {retry.Describe()} on the same intent {decline.State.PaymentIntentId}.",
                    decline.ReadEvidence().Concat(retry.ReadEvidence())));
            }
        }
        var unread = declines.FirstOrDefault(d => !d.ReadsOfOutcome.Any());
        if (unread is not null)
        {
            return Failed(Saw($"{unread.Describe()}, but the till never read the session after that, so it cannot show Declined.", unread.Created));
        }
        return NotExercised(Saw($"{declines[0].Describe()} and the till read it, but it never retried: the reuse of the intent on a retry is not shown.", declines[0].ReadEvidence()));
    }

    /// <summary>A response with a given status on a path: the till met that error (ERR rows and the like).</summary>
    public static Judgement MetError(TillTraffic traffic, Func<RecordedRequest, bool> which, string what)
    {
        var met = traffic.Requests.Where(which).ToList();
        return met.Count == 0
            ? NotExercised()
            : ConfirmByHand(Saw($"The till met {what} {met.Count} time(s), first {TillTraffic.Show(met[0])}; what it showed the person at the till must be checked by hand.", met.Take(5).ToArray()));
    }
}
