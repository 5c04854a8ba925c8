namespace PayAtCounter.Client.Sandbox;

// The PayAtCounter sandbox API's own shapes (not part of Dojo's API). Modes, outcomes and actions are strings, so a
// newer server's values read without failing.

/// <summary>The sandbox clock.</summary>
public sealed class SandboxClock
{
    /// <summary>Sandbox time.</summary>
    public DateTimeOffset Now { get; set; }
    /// <summary>Sandbox seconds per real second; 0 when frozen.</summary>
    public double Speed { get; set; }
    /// <summary>Total time added by advance calls, <c>[d.]hh:mm:ss</c>.</summary>
    public string AdvancedBy { get; set; } = "";
    /// <summary>Scheduled transitions the advance call ran.</summary>
    public int TransitionsRun { get; set; }
}

/// <summary>A virtual terminal with its sandbox settings.</summary>
public sealed class VirtualTerminal
{
    /// <summary>Terminal id (<c>tm_…</c>).</summary>
    public string Id { get; set; } = "";
    /// <summary>TID; its suffix picks the scripted behaviour.</summary>
    public string Tid { get; set; } = "";
    /// <summary>Name.</summary>
    public string Name { get; set; } = "";
    /// <summary>Availability, as <c>GET /terminals</c> reports it.</summary>
    public string Status { get; set; } = "";
    /// <summary><c>Scripted</c> or <c>Interactive</c>.</summary>
    public string Mode { get; set; } = "";
    /// <summary>Taken offline.</summary>
    public bool Offline { get; set; }
    /// <summary>Left in its menu (busy).</summary>
    public bool BusyInMenu { get; set; }
    /// <summary>The session it is running, if any.</summary>
    public string? LiveSessionId { get; set; }
    /// <summary>Last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>What its next session will do instead of its script, if planned.</summary>
    public NextSessionPlan? NextSession { get; set; }
}

/// <summary>Adds a virtual terminal, or changes one (every field optional on change).</summary>
public sealed class VirtualTerminalChange
{
    /// <summary>TID; its suffix picks the script (APP1, SIP0, DIP0, TIP0, SIS0, OFF1, PDQ1).</summary>
    public string? Tid { get; set; }
    /// <summary>Name.</summary>
    public string? Name { get; set; }
    /// <summary><c>Scripted</c> or <c>Interactive</c>.</summary>
    public string? Mode { get; set; }
    /// <summary>Offline (true) or back online (false).</summary>
    public bool? Offline { get; set; }
    /// <summary>Busy in its menu (true) or back at the idle screen (false).</summary>
    public bool? BusyInMenu { get; set; }
}

/// <summary>A card presented to an interactive terminal.</summary>
public sealed class PresentedCard
{
    /// <summary>ContactChip (default), Contactless, ManualEntry or Magstripe.</summary>
    public string? EntryMode { get; set; }
    /// <summary>Approve, Decline, Signature or Disconnect; left out: the terminal's plan, or Approve.</summary>
    public string? Outcome { get; set; }
    /// <summary>VISA (default), MASTERCARD, MAESTRO or AMEX.</summary>
    public string? CardType { get; set; }
}

/// <summary>What a terminal's next session does instead of its script.</summary>
public sealed class NextSessionPlan
{
    /// <summary>Approve, Decline, Signature or Disconnect.</summary>
    public string? Outcome { get; set; }
    /// <summary>Scripted terminals: how long after asking a card comes, <c>[d.]hh:mm:ss</c>.</summary>
    public string? CardAfter { get; set; }
    /// <summary><c>AfterCard</c>: the card is approved, then the terminal drops off.</summary>
    public string? Disconnect { get; set; }
    /// <summary>PIN entries, 1–3, the last one right.</summary>
    public int? PinAttempts { get; set; }
}

/// <summary>What a reset did.</summary>
public sealed class SandboxReset
{
    /// <summary>Sandbox time of the reset.</summary>
    public DateTimeOffset ResetAt { get; set; }
    /// <summary>Starting terminals the account has again.</summary>
    public int Terminals { get; set; }
    /// <summary>Whether snapshots were kept.</summary>
    public bool SnapshotsKept { get; set; }
}

/// <summary>A snapshot of the account's world, without its content.</summary>
public sealed class SandboxSnapshot
{
    /// <summary>Its name.</summary>
    public string Name { get; set; } = "";
    /// <summary>Sandbox time it was taken.</summary>
    public DateTimeOffset TakenAt { get; set; }
    /// <summary>Rows it holds, per table.</summary>
    public Dictionary<string, int> Rows { get; set; } = [];
    /// <summary>True when a restore gives the same calls the same ids again (the server has a seed).</summary>
    public bool RepeatsIds { get; set; }
}

/// <summary>A fault rule to add: what it matches and what it does.</summary>
public sealed class FaultRuleRequest
{
    /// <summary>HTTP method matched; null for any.</summary>
    public string? Method { get; set; }
    /// <summary>Path matched, <c>*</c> for one segment, e.g. <c>/payment-intents/*/refunds</c>.</summary>
    public string? Path { get; set; }
    /// <summary>Status, Delay, DropAfterCommit or TimeoutAfterCommit.</summary>
    public string? Action { get; set; }
    /// <summary>Status: 500, 502, 503 or 429.</summary>
    public int? Status { get; set; }
    /// <summary>Status 429/503: its Retry-After, in seconds.</summary>
    public int? RetryAfter { get; set; }
    /// <summary>Delay: the latency added, <c>hh:mm:ss</c>.</summary>
    public string? Delay { get; set; }
    /// <summary>TimeoutAfterCommit: how long the response is held, <c>hh:mm:ss</c>.</summary>
    public string? Hold { get; set; }
    /// <summary>Calls it applies to; null for no limit.</summary>
    public int? Count { get; set; }
    /// <summary>Chance it applies to a matching call, 0–1.</summary>
    public double? Probability { get; set; }
    /// <summary>How long it lasts, <c>[d.]hh:mm:ss</c>.</summary>
    public string? ExpiresIn { get; set; }
}

/// <summary>A fault rule.</summary>
public sealed class FaultRule
{
    /// <summary>Its id (<c>flt_…</c>).</summary>
    public string Id { get; set; } = "";
    /// <summary>Method matched; null for any.</summary>
    public string? Method { get; set; }
    /// <summary>Path pattern matched.</summary>
    public string Path { get; set; } = "";
    /// <summary>What it does.</summary>
    public string Action { get; set; } = "";
    /// <summary>The status it answers with.</summary>
    public int? Status { get; set; }
    /// <summary>Its Retry-After, in seconds.</summary>
    public int? RetryAfter { get; set; }
    /// <summary>Latency it adds.</summary>
    public string? Delay { get; set; }
    /// <summary>How long it holds a response back.</summary>
    public string? Hold { get; set; }
    /// <summary>Calls it was made for; null for no limit.</summary>
    public int? Count { get; set; }
    /// <summary>Calls it has left; null for no limit.</summary>
    public int? Remaining { get; set; }
    /// <summary>Chance it applies.</summary>
    public double? Probability { get; set; }
    /// <summary>Real time it stops applying.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
    /// <summary>Whether it can still apply.</summary>
    public bool Active { get; set; }
}

/// <summary>A readiness run: the span of traffic the go-live readiness inspector grades.</summary>
public sealed class ReadinessRun
{
    /// <summary>Its id; null for "all traffic" when no run was started.</summary>
    public string? Id { get; set; }
    /// <summary>Its name.</summary>
    public string Name { get; set; } = "";
    /// <summary>The till version it grades.</summary>
    public string? PosVersion { get; set; }
    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; set; }
    /// <summary>When it ended, if another run started since.</summary>
    public DateTimeOffset? EndedAt { get; set; }
}
