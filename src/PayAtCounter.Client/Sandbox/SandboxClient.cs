using System.Globalization;
using PayAtCounter.Contracts;

namespace PayAtCounter.Client.Sandbox;

/// <summary>
/// The PayAtCounter sandbox's own API under <c>/sandbox</c>: its clock, virtual terminals, scenarios and the go-live
/// readiness inspector. api.dojo.tech has none of it; there every call fails with a 404.
/// </summary>
public class SandboxClient
{
    private readonly DojoClient _client = null!;

    /// <summary>For mocking.</summary>
    protected SandboxClient()
    {
    }

    internal SandboxClient(DojoClient client) => _client = client;

    /// <summary>Reads the sandbox clock.</summary>
    public virtual Task<SandboxClock> GetClockAsync(CancellationToken cancellationToken = default)
        => Send<SandboxClock>(HttpMethod.Get, "sandbox/clock", null, cancellationToken);

    /// <summary>Moves sandbox time forward and runs what became due.</summary>
    public virtual Task<SandboxClock> AdvanceClockAsync(TimeSpan by, CancellationToken cancellationToken = default)
        => Send<SandboxClock>(HttpMethod.Post, "sandbox/clock/advance", Fields(("duration", by.ToString("c", CultureInfo.InvariantCulture))), cancellationToken);

    /// <summary>The account's virtual terminals with their sandbox settings and running sessions.</summary>
    public virtual Task<List<VirtualTerminal>> ListTerminalsAsync(CancellationToken cancellationToken = default)
        => Send<List<VirtualTerminal>>(HttpMethod.Get, "sandbox/terminals", null, cancellationToken);

    /// <summary>Adds a virtual terminal.</summary>
    public virtual Task<VirtualTerminal> AddTerminalAsync(VirtualTerminalChange terminal, CancellationToken cancellationToken = default)
        => Send<VirtualTerminal>(HttpMethod.Post, "sandbox/terminals", DojoClient.Json(terminal), cancellationToken);

    /// <summary>Renames a terminal, changes its mode, takes it offline or leaves it in its menu.</summary>
    public virtual Task<VirtualTerminal> ChangeTerminalAsync(string terminalId, VirtualTerminalChange change, CancellationToken cancellationToken = default)
        => Send<VirtualTerminal>(new HttpMethod("PATCH"), $"sandbox/terminals/{DojoClient.Segment(terminalId)}", DojoClient.Json(change), cancellationToken);

    /// <summary>Interactive terminal: a card is presented to the session it runs.</summary>
    public virtual Task<TerminalSession> PresentCardAsync(string terminalId, PresentedCard? card = null, CancellationToken cancellationToken = default)
        => Send<TerminalSession>(HttpMethod.Post, $"sandbox/terminals/{DojoClient.Segment(terminalId)}/present-card", DojoClient.Json(card ?? new PresentedCard()), cancellationToken);

    /// <summary>Interactive terminal: the customer enters the PIN.</summary>
    public virtual Task<TerminalSession> EnterPinAsync(string terminalId, CancellationToken cancellationToken = default)
        => Send<TerminalSession>(HttpMethod.Post, $"sandbox/terminals/{DojoClient.Segment(terminalId)}/enter-pin", null, cancellationToken);

    /// <summary>Interactive terminal: someone presses X before a card is presented.</summary>
    public virtual Task<TerminalSession> PressCancelAsync(string terminalId, CancellationToken cancellationToken = default)
        => Send<TerminalSession>(HttpMethod.Post, $"sandbox/terminals/{DojoClient.Segment(terminalId)}/press-cancel", null, cancellationToken);

    /// <summary>The terminal loses power: its running session expires a few seconds later.</summary>
    public virtual Task<VirtualTerminal> PowerOffAsync(string terminalId, CancellationToken cancellationToken = default)
        => Send<VirtualTerminal>(HttpMethod.Post, $"sandbox/terminals/{DojoClient.Segment(terminalId)}/power-off", null, cancellationToken);

    /// <summary>Power comes back; the terminal is Available again.</summary>
    public virtual Task<VirtualTerminal> PowerOnAsync(string terminalId, CancellationToken cancellationToken = default)
        => Send<VirtualTerminal>(HttpMethod.Post, $"sandbox/terminals/{DojoClient.Segment(terminalId)}/power-on", null, cancellationToken);

    /// <summary>Clears the terminal's next-session plan.</summary>
    public virtual Task<VirtualTerminal> ClearNextSessionAsync(string terminalId, CancellationToken cancellationToken = default)
        => Send<VirtualTerminal>(HttpMethod.Delete, $"sandbox/terminals/{DojoClient.Segment(terminalId)}/next-session", null, cancellationToken);

    /// <summary>Sets what the terminal's next session does instead of its script.</summary>
    public virtual Task<VirtualTerminal> PlanNextSessionAsync(string terminalId, NextSessionPlan plan, CancellationToken cancellationToken = default)
        => Send<VirtualTerminal>(HttpMethod.Post, $"sandbox/terminals/{DojoClient.Segment(terminalId)}/next-session", DojoClient.Json(plan), cancellationToken);

    /// <summary>Resets the account: its starting terminals again and nothing else; snapshots go too unless kept.</summary>
    public virtual Task<SandboxReset> ResetAsync(bool keepSnapshots = false, CancellationToken cancellationToken = default)
        => Send<SandboxReset>(HttpMethod.Post, keepSnapshots ? "sandbox/reset?keepSnapshots=true" : "sandbox/reset", null, cancellationToken);

    /// <summary>Saves the account's whole world under <paramref name="name"/>.</summary>
    public virtual Task<SandboxSnapshot> TakeSnapshotAsync(string name, CancellationToken cancellationToken = default)
        => Send<SandboxSnapshot>(HttpMethod.Post, "sandbox/snapshots", Fields(("name", name)), cancellationToken);

    /// <summary>The account's snapshots, newest first.</summary>
    public virtual Task<List<SandboxSnapshot>> ListSnapshotsAsync(CancellationToken cancellationToken = default)
        => Send<List<SandboxSnapshot>>(HttpMethod.Get, "sandbox/snapshots", null, cancellationToken);

    /// <summary>Puts the world back as snapshot <paramref name="name"/> holds it (the clock does not go back).</summary>
    public virtual Task<SandboxSnapshot> RestoreSnapshotAsync(string name, CancellationToken cancellationToken = default)
        => Send<SandboxSnapshot>(HttpMethod.Post, $"sandbox/snapshots/{DojoClient.Segment(name)}/restore", null, cancellationToken);

    /// <summary>Deletes snapshot <paramref name="name"/>.</summary>
    public virtual async Task DeleteSnapshotAsync(string name, CancellationToken cancellationToken = default)
        => await _client.SendRawAsync(HttpMethod.Delete, $"sandbox/snapshots/{DojoClient.Segment(name)}", null, false, null, cancellationToken).ConfigureAwait(false);

    /// <summary>Adds a fault rule on calls to Dojo's API.</summary>
    public virtual Task<FaultRule> AddFaultAsync(FaultRuleRequest rule, CancellationToken cancellationToken = default)
        => Send<FaultRule>(HttpMethod.Post, "sandbox/faults", DojoClient.Json(rule), cancellationToken);

    /// <summary>The account's fault rules, in the order they are tried.</summary>
    public virtual Task<List<FaultRule>> ListFaultsAsync(CancellationToken cancellationToken = default)
        => Send<List<FaultRule>>(HttpMethod.Get, "sandbox/faults", null, cancellationToken);

    /// <summary>Removes a fault rule.</summary>
    public virtual async Task RemoveFaultAsync(string ruleId, CancellationToken cancellationToken = default)
        => await _client.SendRawAsync(HttpMethod.Delete, $"sandbox/faults/{DojoClient.Segment(ruleId)}", null, false, null, cancellationToken).ConfigureAwait(false);

    /// <summary>Expires a running session now, as when Dojo loses the terminal.</summary>
    public virtual Task<TerminalSession> ExpireSessionAsync(string terminalSessionId, CancellationToken cancellationToken = default)
        => Send<TerminalSession>(HttpMethod.Post, $"sandbox/terminal-sessions/{DojoClient.Segment(terminalSessionId)}/expire", null, cancellationToken);

    /// <summary>Makes the issuer decline a running session's card.</summary>
    public virtual Task<TerminalSession> DeclineSessionAsync(string terminalSessionId, CancellationToken cancellationToken = default)
        => Send<TerminalSession>(HttpMethod.Post, $"sandbox/terminal-sessions/{DojoClient.Segment(terminalSessionId)}/decline", null, cancellationToken);

    /// <summary>Presents a card to a running session, whatever its terminal's mode.</summary>
    public virtual Task<TerminalSession> PresentCardToSessionAsync(string terminalSessionId, PresentedCard? card = null, CancellationToken cancellationToken = default)
        => Send<TerminalSession>(HttpMethod.Post, $"sandbox/terminal-sessions/{DojoClient.Segment(terminalSessionId)}/present-card", DojoClient.Json(card ?? new PresentedCard()), cancellationToken);

    /// <summary>Webhook deliveries with every attempt, newest first.</summary>
    public virtual Task<List<WebhookDelivery>> ListDeliveriesAsync(string? subscriptionId = null, int? limit = null, CancellationToken cancellationToken = default)
        => Send<List<WebhookDelivery>>(HttpMethod.Get, "sandbox/webhooks/deliveries" + Query(("subscriptionId", subscriptionId), ("limit", limit?.ToString(CultureInfo.InvariantCulture))), null, cancellationToken);

    /// <summary>Sends a delivery again now.</summary>
    public virtual Task<WebhookDelivery> RedeliverAsync(string deliveryId, CancellationToken cancellationToken = default)
        => Send<WebhookDelivery>(HttpMethod.Post, $"sandbox/webhooks/deliveries/{DojoClient.Segment(deliveryId)}/redeliver", null, cancellationToken);

    /// <summary>Emits a test event to the subscriptions that want it.</summary>
    public virtual Task<WebhookTestEvent> SendTestEventAsync(string? eventName = null, string? paymentIntentId = null, CancellationToken cancellationToken = default)
        => Send<WebhookTestEvent>(HttpMethod.Post, "sandbox/webhooks/test-event", Fields(("event", eventName), ("paymentIntentId", paymentIntentId)), cancellationToken);

    /// <summary>Adds a rule on a subscription's deliveries.</summary>
    public virtual Task<DeliveryRule> AddDeliveryRuleAsync(DeliveryRuleRequest rule, CancellationToken cancellationToken = default)
        => Send<DeliveryRule>(HttpMethod.Post, "sandbox/webhooks/rules", DojoClient.Json(rule), cancellationToken);

    /// <summary>The account's delivery rules.</summary>
    public virtual Task<List<DeliveryRule>> ListDeliveryRulesAsync(CancellationToken cancellationToken = default)
        => Send<List<DeliveryRule>>(HttpMethod.Get, "sandbox/webhooks/rules", null, cancellationToken);

    /// <summary>Removes a delivery rule.</summary>
    public virtual async Task RemoveDeliveryRuleAsync(string ruleId, CancellationToken cancellationToken = default)
        => await _client.SendRawAsync(HttpMethod.Delete, $"sandbox/webhooks/rules/{DojoClient.Segment(ruleId)}", null, false, null, cancellationToken).ConfigureAwait(false);

    /// <summary>Sends stored events again: one event, an intent's, or a subscription's.</summary>
    public virtual Task<WebhookReplay> ReplayAsync(string? eventId = null, string? paymentIntentId = null, string? subscriptionId = null, CancellationToken cancellationToken = default)
        => Send<WebhookReplay>(HttpMethod.Post, "sandbox/webhooks/replay", Fields(("eventId", eventId), ("paymentIntentId", paymentIntentId), ("subscriptionId", subscriptionId)), cancellationToken);

    /// <summary>Starts a readiness run (ending the open one): the traffic the inspector grades from now on.</summary>
    public virtual Task<ReadinessRun> StartReadinessRunAsync(string name, string? posVersion = null, CancellationToken cancellationToken = default)
        => Send<ReadinessRun>(HttpMethod.Post, "sandbox/readiness/runs", Fields(("name", name), ("posVersion", posVersion)), cancellationToken);

    /// <summary>The go-live readiness report of run <paramref name="runId"/> (or of the current run) as <c>json</c>, <c>md</c> or <c>html</c>.</summary>
    public virtual Task<string> GetReadinessReportAsync(string? runId = null, string format = "json", CancellationToken cancellationToken = default)
        => _client.SendRawAsync(HttpMethod.Get,
            (runId is null ? "sandbox/readiness" : $"sandbox/readiness/runs/{DojoClient.Segment(runId)}") + "?format=" + Uri.EscapeDataString(format),
            null, false, null, cancellationToken);

    private Task<T> Send<T>(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
        => _client.SendAsync<T>(method, path, json, false, null, cancellationToken);

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join("&", given);
    }

    private static string Fields(params (string Name, string? Value)[] fields)
        => DojoClient.Json(fields.Where(f => f.Value is not null).ToDictionary(f => f.Name, f => f.Value));
}
