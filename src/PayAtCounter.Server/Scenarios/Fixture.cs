using System.Text.Json;
using PayAtCounter.Contracts;
using PayAtCounter.Engine;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Engine.Terminals;
using PayAtCounter.Engine.Webhooks;
using PayAtCounter.Server.Errors;
using PayAtCounter.Server.PaymentIntents;
using PayAtCounter.Server.Sandbox;
using PayAtCounter.Server.Webhooks;

namespace PayAtCounter.Server.Scenarios;

/// <summary>
/// A fixture: the world a test suite starts from, as JSON (docs/scenarios.md, <c>samples/fixtures/lunch-rush.json</c>).
/// Applied through <c>POST /sandbox/fixtures</c> or <c>Sandbox:Fixture</c> at start.
/// </summary>
/// <param name="Terminals">The account's terminals; its starting terminals when left out.</param>
/// <param name="PaymentIntents">Intents, each a create request with a <c>status</c> and <c>refunds</c> to bring it to.</param>
/// <param name="Subscriptions">Webhook subscriptions.</param>
/// <param name="Clock">Sandbox time to move to first (only forward: the clock is shared); now when left out.</param>
public sealed record FixtureDocument(List<TerminalDefinition>? Terminals, List<JsonElement>? PaymentIntents, List<FixtureSubscription>? Subscriptions, DateTimeOffset? Clock);

/// <summary>A subscription of a fixture.</summary>
/// <param name="Url">Where deliveries go.</param>
/// <param name="Events">The events it wants.</param>
/// <param name="Description">Its description.</param>
public sealed record FixtureSubscription(string? Url, List<string>? Events, string? Description);

/// <summary>The rows a fixture makes.</summary>
internal sealed record FixtureWorld(
    IReadOnlyList<TerminalState> Terminals,
    IReadOnlyList<PaymentIntentState> Intents,
    IReadOnlyList<RefundRecord> Refunds,
    IReadOnlyList<SubscriptionState> Subscriptions,
    DateTimeOffset Now);

/// <summary>
/// Builds a fixture's world with the Engine's own commands (create, card payment, capture, refund, reversal, cancel),
/// so an intent in a fixture is exactly what the API would have made. Every problem is listed, keyed by where it is
/// (<c>paymentIntents[2].status</c>); nothing is built when there is one.
/// </summary>
internal static class FixtureBuilder
{
    private static readonly string[] Statuses = ["Created", "Authorized", "Captured", "Refunded", "Reversed", "Canceled"];

    public static (FixtureWorld? World, ApiError? Error) Build(FixtureDocument fixture, string accountId, bool sandbox, DateTimeOffset clockNow, IdGenerator ids)
    {
        var errors = new FieldErrors();
        if (fixture.Clock is { } at && at < clockNow)
        {
            errors.Add("clock", $"The clock only moves forward (it is shared by every account): it is already {clockNow:O}.");
        }
        var now = fixture.Clock is { } target && target > clockNow ? target : clockNow;
        var terminals = BuildTerminals(fixture.Terminals, accountId, sandbox, ids, now, errors);
        var intents = new List<PaymentIntentState>();
        var refunds = new List<RefundRecord>();
        for (var i = 0; i < (fixture.PaymentIntents?.Count ?? 0); i++)
        {
            BuildIntent(fixture.PaymentIntents![i], $"paymentIntents[{i}]", accountId, sandbox, now, ids, errors, intents, refunds);
        }
        var subscriptions = new List<SubscriptionState>();
        for (var i = 0; i < (fixture.Subscriptions?.Count ?? 0); i++)
        {
            var s = fixture.Subscriptions![i];
            var at_ = $"subscriptions[{i}]";
            var own = new FieldErrors();
            WebhooksApi.ValidateEvents(own, s.Events, required: true);
            if (own.Required("Url", s.Url))
            {
                WebhooksApi.ValidateUrl(own, s.Url!);
            }
            if (Prefixed(own, at_, errors) && subscriptions.All(o => !string.Equals(o.Url, s.Url, StringComparison.OrdinalIgnoreCase)))
            {
                subscriptions.Add(SubscriptionCommands.Create(accountId, s.Events!, s.Url!, s.Description, now, ids));
            }
            else if (own.IsEmpty)
            {
                errors.Add($"{at_}.url", $"Another subscription of the fixture already posts to {s.Url}.");
            }
        }
        return errors.ToError() is { } error ? (null, error) : (new FixtureWorld(terminals, intents, refunds, subscriptions, now), null);
    }

    private static List<TerminalState> BuildTerminals(List<TerminalDefinition>? definitions, string accountId, bool sandbox, IdGenerator ids, DateTimeOffset now, FieldErrors errors)
    {
        if (definitions is null)
        {
            return [.. DefaultTerminals.For(accountId, sandbox, null, ids, now)];
        }
        var tids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definitions.Count; i++)
        {
            var tid = definitions[i]?.Tid?.Trim() ?? "";
            if (tid.Length == 0)
            {
                errors.Add($"terminals[{i}].tid", "Every terminal needs a TID.");
            }
            else if (!tids.Add(tid))
            {
                errors.Add($"terminals[{i}].tid", $"TID {tid} appears twice.");
            }
            else if (!Enum.IsDefined(definitions[i].Mode))
            {
                errors.Add($"terminals[{i}].mode", "Mode must be Scripted or Interactive.");
            }
        }
        return [.. DefaultTerminals.For(accountId, sandbox, definitions.Where(d => d is not null).Select(d => new TerminalDefinition { Tid = d.Tid.Trim(), Name = d.Name, Offline = d.Offline, Mode = d.Mode }).ToList(), ids, now)];
    }

    private static void BuildIntent(JsonElement element, string at, string accountId, bool sandbox, DateTimeOffset now, IdGenerator ids, FieldErrors errors,
        List<PaymentIntentState> intents, List<RefundRecord> refunds)
    {
        CreatePaymentIntentRequest? request;
        try
        {
            request = element.Deserialize(DojoJson.TypeInfo<CreatePaymentIntentRequest>());
        }
        catch (JsonException ex)
        {
            errors.Add(at, $"Not a payment intent: {ex.Message}");
            return;
        }
        if (request is null)
        {
            errors.Add(at, "Not a payment intent.");
            return;
        }
        var status = element.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "Created";
        if (!Statuses.Contains(status, StringComparer.Ordinal))
        {
            errors.Add($"{at}.status", $"Status must be one of {string.Join(", ", Statuses)}.");
            return;
        }
        var (command, invalid) = PaymentIntentValidation.Create(request, now);
        if (invalid is not null)
        {
            foreach (var (field, messages) in invalid.Errors ?? new Dictionary<string, string[]> { [""] = [invalid.Detail ?? invalid.Title] })
            {
                foreach (var message in messages)
                {
                    errors.Add(field.Length == 0 ? at : $"{at}.{char.ToLowerInvariant(field[0])}{field[1..]}", message);
                }
            }
            return;
        }
        var state = PaymentIntentCommands.Create(command!, accountId, sandbox, now, ids).State;
        var steps = Path(status, state.CaptureMode);
        foreach (var step in steps)
        {
            var next = step(state, now, ids);
            if (!next.Succeeded)
            {
                errors.Add($"{at}.status", $"The intent cannot be brought to {status}: {next.Error!.Message}");
                return;
            }
            state = next.Value!;
        }
        var reached = status == "Refunded" ? "Captured" : status;
        if (state.Status.ToString() != reached)
        {
            errors.Add($"{at}.status", $"An intent with captureMode {state.CaptureMode} becomes {state.Status} when paid, not {status}: use captureMode Manual for Authorized.");
            return;
        }
        var amounts = element.TryGetProperty("refunds", out var r) && r.ValueKind == JsonValueKind.Array ? r.EnumerateArray().ToList() : [];
        for (var k = 0; k < amounts.Count; k++)
        {
            var amount = amounts[k].TryGetProperty("amount", out var a) && a.TryGetInt64(out var value) ? value : (long?)null;
            var reason = amounts[k].TryGetProperty("refundReason", out var why) && why.ValueKind == JsonValueKind.String ? why.GetString() : null;
            var refund = PaymentIntentCommands.Refund(state, new CreateRefundRequest { Amount = amount, RefundReason = reason }, $"fixture-{k}", now, ids);
            if (amount is not > 0 || !refund.Succeeded)
            {
                errors.Add($"{at}.refunds[{k}]", amount is not > 0 ? "A refund needs an amount above zero, in minor units." : refund.Error!.Message);
                return;
            }
            state = refund.Value!.State;
            refunds.Add(refund.Value.Result);
        }
        if (status == "Refunded" && state.Status == PaymentIntentStatus.Captured)
        {
            // Whatever the listed refunds left, refunded in one more.
            var rest = PaymentIntentCommands.Refund(state, new CreateRefundRequest { Amount = state.CapturedAmount - state.RefundedAmount }, "fixture-rest", now, ids);
            if (!rest.Succeeded)
            {
                errors.Add($"{at}.status", $"The intent cannot be brought to Refunded: {rest.Error!.Message}");
                return;
            }
            state = rest.Value!.State;
            refunds.Add(rest.Value.Result);
        }
        intents.Add(state);
    }

    // The commands that take a new intent to a status, as a till and a card would.
    private static IEnumerable<Func<PaymentIntentState, DateTimeOffset, IdGenerator, Outcome<PaymentIntentState>>> Path(string status, CaptureMode mode)
    {
        if (status == "Canceled")
        {
            yield return (s, now, _) => Map(PaymentIntentCommands.Cancel(s, now));
            yield break;
        }
        if (status == "Created")
        {
            yield break;
        }
        yield return (s, now, ids) => Map(PaymentIntentCommands.RecordCardPayment(s, SandboxCards.Payment(s.TotalAmount.Value, "ContactChip", approved: true, ids), now));
        if (mode == CaptureMode.Manual && status is "Captured" or "Refunded")
        {
            yield return (s, now, ids) => Map(PaymentIntentCommands.Capture(s, s.TotalAmount.Value, null, now, ids));
        }
        if (status == "Reversed")
        {
            yield return (s, now, ids) => Map(PaymentIntentCommands.Reverse(s, now, ids));
        }
    }

    private static Outcome<PaymentIntentState> Map(Outcome<PaymentIntentChange> outcome) => outcome.Succeeded ? outcome.Value!.State : outcome.Error!;

    private static Outcome<PaymentIntentState> Map<T>(Outcome<PaymentIntentChange<T>> outcome) => outcome.Succeeded ? outcome.Value!.State : outcome.Error!;

    // Copies one item's errors under its place in the fixture; true when it had none.
    private static bool Prefixed(FieldErrors own, string at, FieldErrors all)
    {
        if (own.ToError() is not { Errors: { } found })
        {
            return true;
        }
        foreach (var (field, messages) in found)
        {
            foreach (var message in messages)
            {
                all.Add($"{at}.{char.ToLowerInvariant(field[0])}{field[1..]}", message);
            }
        }
        return false;
    }
}
