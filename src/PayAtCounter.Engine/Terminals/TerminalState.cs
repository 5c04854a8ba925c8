using PayAtCounter.Contracts;

namespace PayAtCounter.Engine.Terminals;

/// <summary>How a virtual terminal decides what happens after a session starts.</summary>
public enum TerminalMode
{
    /// <summary>Plays the sandbox script chosen by the TID suffix (SIP0, DIP0, TIP0, SIS0, otherwise approve).</summary>
    Scripted,
    /// <summary>Waits for a person or the control API to present a card, enter a PIN or press X.</summary>
    Interactive,
}

/// <summary>A virtual card terminal.</summary>
public sealed record TerminalState
{
    /// <summary>Id (<c>tm_…</c>).</summary>
    public required string Id { get; init; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; init; }
    /// <summary>TID; its suffix selects the scripted behaviour.</summary>
    public required string Tid { get; init; }
    /// <summary>A name for people (dashboard, CLI).</summary>
    public string Name { get; init; } = "";
    /// <summary>Switched off, unplugged, or its battery removed.</summary>
    public bool Offline { get; init; }
    /// <summary>Someone left the PDQ in its menu: it cannot take a session.</summary>
    public bool BusyInMenu { get; init; }
    /// <summary>Scripted or interactive.</summary>
    public TerminalMode Mode { get; init; }
    /// <summary>The session it is running, if any.</summary>
    public string? LiveSessionId { get; init; }
    /// <summary>What its next session will do instead of its script (a sandbox setting, used up by that session).</summary>
    public NextSessionPlan? NextSession { get; init; }
    /// <summary>Last change of anything about the terminal.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Status as the API reports it.</summary>
    public TerminalStatus Status => Offline ? TerminalStatus.Offline
        : LiveSessionId is not null || BusyInMenu ? TerminalStatus.InUse
        : TerminalStatus.Available;

    /// <summary>This state after a change from <paramref name="before"/>: <see cref="UpdatedAt"/> moves to <paramref name="now"/> if anything changed.</summary>
    public TerminalState Touch(TerminalState before, DateTimeOffset now)
        => this with { UpdatedAt = before.UpdatedAt } == before ? before : this with { UpdatedAt = now };
}

/// <summary>
/// Faults for a terminal's next session, beyond what the TID suffix scripts: an outcome, a slow card, a connection
/// lost after the card (the payment goes through, the session never says so), wrong PINs before the right one.
/// </summary>
public sealed record NextSessionPlan
{
    /// <summary>The card's outcome; the script's when null.</summary>
    public TerminalSessions.CardOutcome? Outcome { get; init; }
    /// <summary>How long after the terminal asks for a card one is presented (scripted terminals); the script's when null.</summary>
    public TimeSpan? CardAfter { get; init; }
    /// <summary>The terminal loses its connection once the card is approved: the intent is paid, the session expires.</summary>
    public bool DisconnectAfterCard { get; init; }
    /// <summary>Wrong PINs entered before the right one (0–2), each followed by the PIN pad again.</summary>
    public int WrongPins { get; init; }
}
