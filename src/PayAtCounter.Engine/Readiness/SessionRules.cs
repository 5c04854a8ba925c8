using PayAtCounter.Contracts;
using static PayAtCounter.Engine.Readiness.Judgement;
using static PayAtCounter.Engine.Readiness.OutcomeRules;

namespace PayAtCounter.Engine.Readiness;

/// <summary>The rules of the terminal-session sections: Auto sales, Manual pre-authorizations, terminal refunds.</summary>
internal static class SessionRules
{
    public static IEnumerable<RowRule> All() =>
    [
        new("AS-01", "Start a Sale session for an Auto intent on the terminal whose TID ends in APP1 (or SIP0), and poll it to the end.", t =>
            OutcomeRead(t, s => AutoSale(s) && s.State.EntryMode != "Contactless" && !s.State.CardholderNotPresent, TerminalSessionStatus.Captured, "A chip sale")),
        new("AS-02", "Create an Auto intent with cashbackAmount, start a Sale on APP1 and poll it to the end.", t =>
            OutcomeRead(t, s => AutoSale(s) && s.State.Cashback > 0, TerminalSessionStatus.Captured, "A sale with cashback")),
        new("AS-03", "Create an Auto intent with tipsAmount (gratuity), start a Sale on APP1 and poll it to the end.", t =>
            OutcomeRead(t, s => AutoSale(s) && s.State.Gratuity > 0, TerminalSessionStatus.Captured, "A sale with gratuity")),
        new("AS-04", "Start a Sale on the interactive terminal (TID ending PDQ1), present a card with entryMode Contactless (POST /sandbox/terminals/{id}/present-card), and poll to the end.", t =>
            OutcomeRead(t, s => AutoSale(s) && s.State.EntryMode == "Contactless", TerminalSessionStatus.Captured, "A contactless sale")),
        new("AS-05", "Start a Sale on SIP0; at SignatureVerificationRequired, PUT /terminal-sessions/{id}/signature {\"accepted\":true}; poll to Captured.", t =>
            SignatureDecided(t, AutoSale, accepted: true, TerminalSessionStatus.Captured)),
        new("AS-06", "Start a Sale on SIP0 and send no signature decision: after 80 s it is accepted; poll to Captured.", t => SignatureTimedOut(t, AutoSale, TerminalSessionStatus.Captured)),
        new("AS-07", "Start a Sale on DIP0 (declined), then retry with a new Sale session on the same payment intent.", t => DeclineRetriedOnSameIntent(t, auto: true)),
        new("AS-08", "Start a Sale on SIP0; at SignatureVerificationRequired, PUT …/signature {\"accepted\":false}.", t =>
            SignatureDecided(t, AutoSale, accepted: false, TerminalSessionStatus.SignatureVerificationRejected)),
        new("AS-09", "Start a Sale on SIP0, wait more than 80 s at SignatureVerificationRequired, then PUT …/signature {\"accepted\":false}: expect 422.", t =>
        {
            var late = t.Sessions.Where(AutoSale).SelectMany(s => s.Signatures.Where(p => p.Status == 422 && TillTraffic.RequestValue(p, "accepted") == "false")
                .Select(p => (Session: s, Put: p))).FirstOrDefault(x => x.Session.TimeOf(TerminalSessionStatus.SignatureVerificationAccepted) is { } accepted && x.Put.SandboxTime >= accepted);
            return late.Session is null ? NotExercised() : Passed(Saw(
                $"{late.Session.Describe()}; the signature was accepted by the 80 s timeout and the till's later rejection was refused with 422 ({TillTraffic.Show(late.Put)}).", late.Session.Created, late.Put));
        }),
        new("AS-10", "Leave the PDQ in its menu (PATCH /sandbox/terminals/{id} {\"busyInMenu\":true}) and start a Sale on it: expect 404 Terminal unavailable.", t =>
            MetError(t, r => r.Method == "POST" && TillTraffic.SessionsPath().IsMatch(r.Path) && r.Status == 404 && (r.ResponseBody?.Contains("in use or in its menu", StringComparison.Ordinal) ?? false), "a busy PDQ (404 Terminal unavailable)")),
        new("AS-11", "Start a Sale on the interactive PDQ1 and press X before presenting a card (POST /sandbox/terminals/{id}/press-cancel); poll to Canceled.", t =>
            OutcomeRead(t, s => AutoSale(s) && s.CanceledOnPdq, TerminalSessionStatus.Canceled, "A sale canceled with X on the PDQ")),
        new("AS-12", "Start a Sale on APP1 and PUT /terminal-sessions/{id}/cancel before the card (within about a second); poll to Canceled.", t =>
        {
            var canceled = t.Sessions.Where(s => AutoSale(s) && s.Cancels.Any(c => c.Status == 200)).ToList();
            return canceled.Count == 0 ? NotExercised() : OutcomeRead(t, s => canceled.Contains(s), TerminalSessionStatus.Canceled, "A sale canceled from the till before the card");
        }),
        new("AS-13", "Start a Sale on APP1 and PUT …/cancel after the card is presented (after about 6 s): expect 422, then poll to Captured.", t =>
        {
            var refused = t.Sessions.Where(s => AutoSale(s) && s.Cancels.Any(c => c.Status == 422)).ToList();
            if (refused.Count == 0)
            {
                return NotExercised();
            }
            var carriedOn = refused.FirstOrDefault(s => s.State.IsFinal && s.ReadsOfOutcome.Any());
            return carriedOn is not null
                ? Passed(Saw($"The till's cancel after the card was refused with 422 and it carried on: {carriedOn.Describe()}, read at {TillTraffic.At(carriedOn.ReadsOfOutcome.First().SandboxTime)}.",
                    carriedOn.Cancels.First(c => c.Status == 422), carriedOn.ReadsOfOutcome.First()))
                : Failed(Saw($"The till's cancel after the card was refused with 422, but it never read the session's outcome afterwards: {refused[0].Describe()}.", refused[0].Cancels.First(c => c.Status == 422)));
        }),
        new("AS-14", "Start a Sale on the terminal whose TID ends in TIP0 and poll it until it is Expired (90 s).", t => Expired(t, AutoSale)),
        new("AS-15", "Poll each live session with GET /terminal-sessions/{id} once a second until it ends.", PollingRate),
        new("AS-16", "Run a successful sale, a sale canceled from the till and a sale with a signature step, polling each to the end.", t =>
        {
            var kinds = new (string Name, Func<SessionView, bool> Is)[]
            {
                ("a successful sale", s => s.IsSale && (s.Ended(TerminalSessionStatus.Captured) || s.Ended(TerminalSessionStatus.Authorized))),
                ("a cancellation", s => s.WentThrough(TerminalSessionStatus.CancelRequested) || s.CanceledOnPdq),
                ("a signature verification", s => s.WentThrough(TerminalSessionStatus.SignatureVerificationRequired)),
            };
            var seen = kinds.Select(k => (k.Name, Session: t.Sessions.FirstOrDefault(s => k.Is(s) && s.ReadsOfOutcome.Any()))).ToList();
            var missing = seen.Where(k => k.Session is null).Select(k => k.Name).ToList();
            if (missing.Count == kinds.Length)
            {
                return NotExercised();
            }
            var evidence = seen.Where(k => k.Session is not null).Select(k => Saw($"{k.Name}: {k.Session!.Describe()}, polled to its end ({k.Session.State.NotificationEvents.Count} notifications).", k.Session.ReadEvidence())).ToArray();
            return missing.Count > 0
                ? NotExercised([.. evidence, Note("Not yet run and read to the end: " + string.Join(", ", missing) + ".")])
                : ConfirmByHand([.. evidence, Note("The till read every status and notification; how it showed them is for a person to check.")]);
        }),

        new("MP-01", "Create a Manual intent, start a Sale on APP1 (chip and PIN), and poll to Authorized.", t =>
            OutcomeRead(t, s => ManualSale(s) && s.State.EntryMode != "Contactless", TerminalSessionStatus.Authorized, "A chip pre-authorization")),
        new("MP-02", "Create a Manual intent, start a Sale on PDQ1 and present a card Contactless; poll to Authorized.", t =>
            OutcomeRead(t, s => ManualSale(s) && s.State.EntryMode == "Contactless", TerminalSessionStatus.Authorized, "A contactless pre-authorization")),
        new("MP-03", "Authorize two Manual intents on PDQ1 with different card types (present-card {\"cardType\":\"MASTERCARD\"} then VISA).", t =>
        {
            var authorized = t.Sessions.Where(s => ManualSale(s) && s.Ended(TerminalSessionStatus.Authorized) && s.State.CardScheme is not null).ToList();
            var schemes = authorized.GroupBy(s => s.State.CardScheme!).ToList();
            return schemes.Count >= 2
                ? Passed(Saw("Pre-authorizations with " + string.Join(" and ", schemes.Select(g => $"{g.Key} ({g.First().Id})")) + ".", schemes.SelectMany(g => g.First().ReadEvidence())))
                : NotExercised(authorized.Count > 0 ? [Saw($"Only {authorized[0].State.CardScheme} was used for pre-authorizations.", authorized[0].ReadEvidence())] : []);
        }),
        new("MP-04", "Start a Sale for a Manual intent on DIP0 (declined), then retry with a new session on the same intent.", t => DeclineRetriedOnSameIntent(t, auto: false)),
        new("MP-05", "Authorize a Manual intent, then POST /payment-intents/{id}/amount with a higher amount: expect 200, still Authorized.", t =>
        {
            var raised = t.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/amount", StringComparison.Ordinal) && r.Status == 200
                && TillTraffic.Json(r.ResponseBody)?["status"]?.GetValue<string>() == "Authorized").FirstOrDefault();
            return raised is null ? NotExercised() : Passed(Saw($"The till raised a pre-authorized amount: {TillTraffic.Show(raised)}, answered Authorized.", raised));
        }),
        new("MP-06", "Try to change the amount of a captured intent: expect 400 with Dojo's message.", t =>
            MetError(t, r => r.Method == "POST" && r.Path.EndsWith("/amount", StringComparison.Ordinal) && r.Status == 400 && (r.ResponseBody?.Contains("does not allow this change", StringComparison.Ordinal) ?? false),
                "a refused amount change of a captured intent (400)")),
        new("MP-07", "Try to change the amount of an intent that does not exist: expect 404.", t =>
            MetError(t, r => r.Method == "POST" && r.Path.EndsWith("/amount", StringComparison.Ordinal) && r.Status == 404, "an amount change of an unknown intent (404)")),
        new("MP-08", "Try to change an amount to 0: expect 400 'amount must be higher than 0'.", t =>
            MetError(t, r => r.Method == "POST" && r.Path.EndsWith("/amount", StringComparison.Ordinal) && r.Status == 400 && (r.ResponseBody?.Contains("higher than 0", StringComparison.Ordinal) ?? false),
                "an amount of 0 (400)")),

        new("TR-01", "Start an UnlinkedRefund session on APP1 and poll it to Captured.", t => OutcomeRead(t, Unlinked, TerminalSessionStatus.Captured, "An unlinked refund")),
        new("TR-02", "Start an UnlinkedRefund session on DIP0 and poll it to Declined.", t => OutcomeRead(t, Unlinked, TerminalSessionStatus.Declined, "An unlinked refund")),
        new("TR-03", "Start an UnlinkedRefund session on TIP0 and poll it until it is Expired.", t => Expired(t, Unlinked)),
        new("TR-04", "Start an UnlinkedRefund session on PDQ1 and press X before the card; poll to Canceled.", t =>
            OutcomeRead(t, s => Unlinked(s) && s.CanceledOnPdq, TerminalSessionStatus.Canceled, "An unlinked refund canceled with X on the PDQ")),
        new("TR-05", "Start an UnlinkedRefund session on SIS0 and accept the signature.", t => SignatureDecided(t, Unlinked, accepted: true, TerminalSessionStatus.Captured)),
        new("TR-06", "Start an UnlinkedRefund session on SIS0 and reject the signature.", t => SignatureDecided(t, Unlinked, accepted: false, TerminalSessionStatus.SignatureVerificationRejected)),
        new("TR-07", "Start a MatchedRefund session for a captured intent on APP1, poll it to Captured, then GET the intent: Refunded.", MatchedRefundConfirmed),
        new("TR-08", "Start a MatchedRefund session on DIP0 and poll it to Declined.", t => OutcomeRead(t, Matched, TerminalSessionStatus.Declined, "A matched refund")),
        new("TR-09", "Start a MatchedRefund session on TIP0 and poll it until it is Expired.", t => Expired(t, Matched)),
        new("TR-10", "Start a MatchedRefund session on PDQ1 and press X before the card; poll to Canceled.", t =>
            OutcomeRead(t, s => Matched(s) && s.CanceledOnPdq, TerminalSessionStatus.Canceled, "A matched refund canceled with X on the PDQ")),
        new("TR-11", "Start a MatchedRefund session on SIS0 and accept the signature.", t => SignatureDecided(t, Matched, accepted: true, TerminalSessionStatus.Captured)),
        new("TR-12", "Start a MatchedRefund session on SIS0 and reject the signature.", t => SignatureDecided(t, Matched, accepted: false, TerminalSessionStatus.SignatureVerificationRejected)),

        new("ERR-01", "Send a request the API refuses with 400, e.g. POST /payment-intents with a missing reference.", t =>
            MetError(t, r => r.Status == 400, "a 400 Bad Request")),
        new("ERR-02", "Send a request with a wrong API key from the till.", t => MetError(t, r => r.Status == 401, "a 401 Unauthorized")),
        new("ERR-03", "Start a Sale on the offline terminal (TID ending OFF1) or a busy one: expect 404 Terminal unavailable.", t =>
            MetError(t, r => r.Status == 404 && (r.ResponseBody?.Contains("TERMINAL_UNAVAILABLE", StringComparison.Ordinal) ?? false) || r.Status == 404 && (r.ResponseBody?.Contains("Terminal unavailable", StringComparison.Ordinal) ?? false),
                "a 404 Terminal unavailable")),
        new("ERR-04", "Cancel a sale after the card is presented (PUT …/cancel about 6 s in): expect 422, then keep polling the session to its end.", t =>
        {
            var refused = t.Sessions.SelectMany(s => s.Cancels.Concat(s.Signatures).Where(r => r.Status == 422).Select(r => (Session: s, Refused: r))).ToList();
            if (refused.Count == 0)
            {
                return NotExercised();
            }
            var (session, put) = refused[0];
            var after = session.Polls.FirstOrDefault(p => p.WallTime > put.WallTime);
            return after is not null || session.ReadsOfOutcome.Any(r => r.WallTime >= put.WallTime)
                ? Passed(Saw($"After a 422 ({TillTraffic.Show(put)}) the till carried on with the session: {session.Describe()}.", put, after ?? session.ReadsOfOutcome.First()))
                : Failed(Saw($"After a 422 ({TillTraffic.Show(put)}) the till stopped reading the session: {session.Describe()}.", put));
        }),
    ];

    private static bool AutoSale(SessionView s) => s.IsSale && s.IsAuto;

    private static bool ManualSale(SessionView s) => s.IsSale && !s.IsAuto;

    private static bool Unlinked(SessionView s) => s.State.Type == TerminalSessionType.UnlinkedRefund;

    private static bool Matched(SessionView s) => s.State.Type == TerminalSessionType.MatchedRefund;

    // The till answered the signature step itself, within the 80 s.
    private static Judgement SignatureDecided(TillTraffic t, Func<SessionView, bool> kind, bool accepted, TerminalSessionStatus expected)
    {
        var decided = t.Sessions.Where(s => kind(s) && s.Signatures.Any(p => p.Status == 200 && TillTraffic.RequestValue(p, "accepted") == (accepted ? "true" : "false"))).ToList();
        return decided.Count == 0
            ? NotExercised()
            : OutcomeRead(t, s => decided.Contains(s), expected, $"A signature {(accepted ? "accepted" : "rejected")} by the till");
    }

    // The signature step went unanswered and the 80 s timeout accepted it.
    private static Judgement SignatureTimedOut(TillTraffic t, Func<SessionView, bool> kind, TerminalSessionStatus expected)
    {
        var timedOut = t.Sessions.Where(s => kind(s) && s.WentThrough(TerminalSessionStatus.SignatureVerificationAccepted) && !s.Signatures.Any(p => p.Status == 200)).ToList();
        return timedOut.Count == 0
            ? NotExercised()
            : OutcomeRead(t, s => timedOut.Contains(s), expected, "A signature left unanswered for 80 s and accepted by the timeout");
    }

    // What the till shows on an Expired session is for a person; the traffic shows the session ended so and what the till did next.
    private static Judgement Expired(TillTraffic t, Func<SessionView, bool> kind)
    {
        var expired = t.Sessions.FirstOrDefault(s => kind(s) && s.Ended(TerminalSessionStatus.Expired));
        if (expired is null)
        {
            return NotExercised();
        }
        var read = expired.ReadsOfOutcome.FirstOrDefault();
        var retry = expired.State.PaymentIntentId is { } intentId
            ? t.Sessions.FirstOrDefault(s => s.State.PaymentIntentId == intentId && s.State.CreatedAt > expired.EndedAt)
            : null;
        return ConfirmByHand(Saw($"{expired.Describe()}; "
            + (read is null ? "the till never read it after that" : $"the till read it at {TillTraffic.At(read.SandboxTime)}")
            + (retry is null ? "." : $", then retried on the same intent with {retry.Describe()}.")
            + " The dialogue saying the result cannot be confirmed is for a person to check.", expired.Created, read, retry?.Created));
    }

    private static Judgement MatchedRefundConfirmed(TillTraffic t)
    {
        var refunds = t.Sessions.Where(s => Matched(s) && s.Ended(TerminalSessionStatus.Captured)).ToList();
        if (refunds.Count == 0)
        {
            return NotExercised();
        }
        foreach (var refund in refunds)
        {
            if (refund.State.PaymentIntentId is { } intentId && t.IntentReads(intentId, refund.EndedAt!.Value).FirstOrDefault() is { } read)
            {
                return Passed(Saw($"{refund.Describe()}; the till then read the intent ({TillTraffic.Show(read)}) to confirm the refund.", refund.Created, read));
            }
        }
        return Failed(Saw($"{refunds[0].Describe()}, but the till never read intent {refunds[0].State.PaymentIntentId} afterwards to confirm it is Refunded.", refunds[0].Created));
    }

    // AS-15: intervals between a till's GETs of each live session, in the till's time (see TillTraffic.TillTime).
    private static Judgement PollingRate(TillTraffic t)
    {
        var measured = new List<(SessionView Session, TimeSpan Median, TimeSpan P95, int Polls)>();
        foreach (var session in t.Sessions)
        {
            var live = session.Polls.Where(p => p.Status == 200 && (session.EndedAt is null || p.SandboxTime <= session.EndedAt)).Select(t.TillTime).Order().ToList();
            if (live.Count < 3)
            {
                continue;
            }
            var gaps = live.Zip(live.Skip(1), (a, b) => b - a).Order().ToList();
            measured.Add((session, gaps[gaps.Count / 2], gaps[Math.Min(gaps.Count - 1, (int)Math.Ceiling(gaps.Count * 0.95) - 1)], live.Count));
        }
        if (measured.Count == 0)
        {
            return NotExercised();
        }
        string Figures((SessionView Session, TimeSpan Median, TimeSpan P95, int Polls) m)
            => $"session {m.Session.Id}: {m.Polls} polls while live, median interval {m.Median.TotalSeconds:0.00} s, p95 {m.P95.TotalSeconds:0.00} s";
        var off = measured.Where(m => m.Median < MinInterval || m.Median > MaxInterval || m.P95 > MaxP95).ToList();
        return off.Count == 0
            ? Passed([.. measured.Take(5).Select(m => Saw(Figures(m) + ".", m.Session.Polls.Take(1).Select(p => p.Id)))])
            : Failed([.. off.Take(5).Select(m => Saw(Figures(m) + $"; expected about one a second (median {MinInterval.TotalSeconds}–{MaxInterval.TotalSeconds} s, p95 at most {MaxP95.TotalSeconds} s).", m.Session.Polls.Take(1).Select(p => p.Id)))]);
    }

    // About once a second: twice as fast or slow still shows each status as it comes; ten a second or every five seconds does not.
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxP95 = TimeSpan.FromSeconds(3);
}
