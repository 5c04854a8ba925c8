using System.Text.RegularExpressions;
using PayAtCounter.Contracts;
using static PayAtCounter.Engine.Readiness.Judgement;

namespace PayAtCounter.Engine.Readiness;

/// <summary>The rules of the Configuration, Payment intents and Refunds sections.</summary>
internal static partial class ConfigurationAndIntentRules
{
    public static IEnumerable<RowRule> All() =>
    [
        new("CFG-01", "Send any request with the account's API key (Authorization: Basic <key>).", t =>
        {
            var keys = t.Authenticated.Select(r => r.KeyFingerprint).Distinct().ToList();
            return keys.Count == 0 ? NotExercised() : ConfirmByHand(Saw(
                $"The till authenticated {t.Authenticated.Count()} request(s) with {keys.Count} key(s) (fingerprints {string.Join(", ", keys)}); where the key is kept and who enters it is for the team to show.",
                t.Authenticated.First()));
        }),
        new("CFG-02", "Send one request with a wrong key (an extra character) from the till, then the right one.", t =>
        {
            var refused = t.Requests.Where(r => r.Status == 401).ToList();
            if (refused.Count == 0)
            {
                return NotExercised();
            }
            var after = t.Authenticated.FirstOrDefault(r => r.WallTime > refused[0].WallTime);
            return ConfirmByHand(Saw($"{refused.Count} request(s) were refused with 401 ({t.Traffic.UnauthenticatedTie}), first {TillTraffic.Show(refused[0])}"
                + (after is null ? "; no request with a valid key came after it." : $"; the till then used a valid key ({TillTraffic.Show(after)})."), refused[0], after));
        }),
        new("CFG-03", "List the terminals with GET /terminals (or GET /terminals?statuses=Available) from the till.", t =>
        {
            if (t.Calls("GET", TerminalsPath()).FirstOrDefault(r => r.Status == 200) is { } listed)
            {
                return Passed(Saw($"The till listed the terminals: {TillTraffic.Show(listed)}.", listed));
            }
            return t.Sessions.FirstOrDefault(s => s.Created is not null) is { } session
                ? ConfirmByHand(Saw($"The till never listed the terminals but started {session.Describe()}: check that a TID can be entered by hand.", session.Created))
                : NotExercised();
        }),
        new("CFG-04", "Send any request with the version header (e.g. version: 2026-02-27).", t =>
        {
            var versions = t.Authenticated.Where(r => r.Version is not null).GroupBy(r => r.Version!).ToList();
            return versions.Count == 0 ? NotExercised() : Passed(Saw(
                "API version(s) used: " + string.Join(", ", versions.Select(g => $"{g.Key} ({g.Count()} requests)")) + ".", versions.Select(g => g.First().Id)));
        }),
        new("CFG-05", "Start the run with the till's version: POST /sandbox/readiness/runs {\"name\":…,\"posVersion\":\"4.2.0\"}.", t =>
        {
            var agents = t.Authenticated.Select(r => r.UserAgent).Where(a => !string.IsNullOrEmpty(a)).Distinct().ToList();
            return t.Traffic.Run.PosVersion is { Length: > 0 } version
                ? Passed(Note($"The run is of POS version {version}" + (agents.Count > 0 ? $"; its requests came from User-Agent {string.Join(", ", agents)}." : ".")))
                : NotExercised(agents.Count > 0 ? [Note($"No POS version was given for the run; the requests came from User-Agent {string.Join(", ", agents)}.")] : []);
        }),
        new("PI-01", "Create a payment intent with captureMode Auto: POST /payment-intents.", t => Created(t, CaptureMode.Auto)),
        new("PI-02", "Create a payment intent with \"captureMode\":\"Manual\".", t => Created(t, CaptureMode.Manual)),
        new("PI-03", "After a sale session ends, GET /payment-intents/{id} of its intent.", t =>
        {
            var ended = t.Sessions.Where(s => s.IsSale && s.EndedAt is not null && s.State.PaymentIntentId is not null && s.Created is not null).ToList();
            if (ended.Count == 0)
            {
                return NotExercised();
            }
            var unread = ended.Where(s => !t.IntentReads(s.State.PaymentIntentId!, s.EndedAt!.Value).Any()).ToList();
            if (unread.Count > 0)
            {
                return Failed(Saw($"{unread.Count} of {ended.Count} sale session(s) ended without the till reading their intent afterwards, e.g. {unread[0].Describe()}: "
                    + $"no GET /payment-intents/{unread[0].State.PaymentIntentId} after it.", unread.Select(s => s.Created!.Id)));
            }
            var read = t.IntentReads(ended[0].State.PaymentIntentId!, ended[0].EndedAt!.Value).First();
            return Passed(Saw($"Every one of {ended.Count} ended sale(s) was followed by a read of its intent, e.g. {ended[0].Describe()}, then {TillTraffic.Show(read)}.", read));
        }),
        new("PI-04", "Authorize a Manual intent, then POST /payment-intents/{id}/amount with a higher amount.", t =>
            Succeeded(t, "POST", AmountPath(), "changed the amount of an authorized intent", r => t.Traffic.Intents.GetValueOrDefault(TillTraffic.IntentIdOf(r) ?? "")?.CaptureMode == CaptureMode.Manual)),
        new("PI-05", "Create an intent and cancel it before it is paid: DELETE /payment-intents/{id}.", t => Succeeded(t, "DELETE", IntentPath(), "canceled an intent")),
        new("PI-06", "List intents: POST /payment-intents/search {}.", t => Succeeded(t, "POST", SearchPath(), "listed intents")),
        new("PI-07", "Create an intent with \"cardHolderNotPresent\":true and start a Sale session on it.", t =>
        {
            var moto = t.Sessions.FirstOrDefault(s => s.IsSale && s.State.CardholderNotPresent);
            return moto is null ? NotExercised() : Passed(Saw($"A card-holder-not-present sale ran: {moto.Describe()}; the PDQ asks for the card number instead of a card.", moto.ReadEvidence()));
        }),
        new("PI-08", "Create an intent with itemLines, one of them with a discount in modifiers, and take the payment.", t =>
        {
            var withLines = t.CreatedIntents().FirstOrDefault(c => c.Intent.Extras.ItemLines.Count > 0);
            if (withLines.Intent is null)
            {
                return NotExercised();
            }
            var modifiers = withLines.Intent.Extras.ItemLines.Sum(l => l.Modifiers?.Count ?? 0);
            return ConfirmByHand(Saw($"Intent {withLines.Intent.Id} was created with {withLines.Intent.Extras.ItemLines.Count} item line(s) and {modifiers} modifier(s); how the till shows them is for a person to check.", withLines.Request));
        }),
        new("PI-09", "Subscribe to an event (POST /webhooks), then list the subscriptions (GET /webhooks).", t =>
        {
            var subscribed = t.Calls("POST", WebhooksPath()).FirstOrDefault(r => r.Status == 200);
            var listed = t.Calls("GET", WebhooksPath()).FirstOrDefault(r => r.Status == 200);
            return (subscribed, listed) switch
            {
                (null, null) => NotExercised(),
                ({ } s, { } l) => Passed(Saw($"The till subscribed ({TillTraffic.Show(s)}) and listed its subscriptions ({TillTraffic.Show(l)}).", s, l)),
                ({ } s, null) => Failed(Saw($"The till subscribed ({TillTraffic.Show(s)}) but never listed its subscriptions with GET /webhooks.", s)),
                (null, { } l) => Passed(Saw($"The till listed its subscriptions ({TillTraffic.Show(l)}).", l)),
            };
        }),
        new("RF-01", "Refund the whole remaining amount of a captured intent (POST /payment-intents/{id}/refunds), then GET the intent.", t => ApiRefund(t, full: true)),
        new("RF-02", "Refund less than the captured amount, then GET the intent.", t => ApiRefund(t, full: false)),
    ];

    private static Judgement Created(TillTraffic t, CaptureMode mode)
        => t.CreatedIntents().FirstOrDefault(c => c.Intent.CaptureMode == mode) is { Intent: not null } created
            ? Passed(Saw($"Intent {created.Intent.Id} was created with captureMode {mode} ({TillTraffic.Show(created.Request)}).", created.Request))
            : NotExercised();

    private static Judgement Succeeded(TillTraffic t, string method, Regex path, string what, Func<RecordedRequest, bool>? also = null)
        => t.Calls(method, path).FirstOrDefault(r => r.Status is >= 200 and < 300 && (also?.Invoke(r) ?? true)) is { } done
            ? Passed(Saw($"The till {what}: {TillTraffic.Show(done)}.", done))
            : NotExercised();

    // A refund is full when it takes the intent to Refunded: earlier refunds in the run plus this one reach the captured amount.
    private static Judgement ApiRefund(TillTraffic t, bool full)
    {
        var refunds = t.Calls("POST", RefundsPath()).Where(r => r.Status == 200).ToList();
        var matching = new List<(RecordedRequest Refund, string IntentId)>();
        foreach (var byIntent in refunds.GroupBy(r => TillTraffic.IntentIdOf(r)!))
        {
            if (!t.Traffic.Intents.TryGetValue(byIntent.Key, out var intent))
            {
                continue;
            }
            long sum = 0;
            foreach (var refund in byIntent)
            {
                sum += long.TryParse(TillTraffic.RequestValue(refund, "amount"), out var amount) ? amount : 0;
                if ((sum >= intent.CapturedAmount) == full)
                {
                    matching.Add((refund, byIntent.Key));
                }
            }
        }
        if (matching.Count == 0)
        {
            return NotExercised();
        }
        var status = full ? "Refunded" : "Captured";
        foreach (var (refund, intentId) in matching)
        {
            if (t.IntentReads(intentId, refund.SandboxTime).FirstOrDefault(r => r.WallTime >= refund.WallTime) is { } read)
            {
                return Passed(Saw($"A {(full ? "full" : "partial")} refund ({TillTraffic.Show(refund)}), then the till read the intent ({TillTraffic.Show(read)}), which is {status} after it.", refund, read));
            }
        }
        return Failed(Saw($"A {(full ? "full" : "partial")} refund was made ({TillTraffic.Show(matching[0].Refund)}), but the till never read the intent afterwards to confirm it is {status}.", matching[0].Refund));
    }

    [GeneratedRegex(@"^/terminals/?$")]
    private static partial Regex TerminalsPath();

    [GeneratedRegex(@"^/payment-intents/[^/]+/amount$")]
    private static partial Regex AmountPath();

    [GeneratedRegex(@"^/payment-intents/(?!search$)[^/]+$")]
    private static partial Regex IntentPath();

    [GeneratedRegex(@"^/payment-intents/search$")]
    private static partial Regex SearchPath();

    [GeneratedRegex(@"^/payment-intents/[^/]+/refunds$")]
    private static partial Regex RefundsPath();

    [GeneratedRegex(@"^/webhooks/?$")]
    private static partial Regex WebhooksPath();
}
