using PayAtCounter.Engine.TerminalSessions;

namespace PayAtCounter.Testing;

/// <summary>
/// One virtual terminal of a <see cref="DojoSandbox"/>, driven as the person at the counter would drive it.
/// Card actions apply to the terminal's live session; the interactive PDQ (TID ending PDQ1) waits for them,
/// the suffix terminals (APP1, SIP0, …) play their script on their own.
/// </summary>
public sealed class SandboxTerminal
{
    private readonly DojoSandbox _sandbox;

    internal SandboxTerminal(DojoSandbox sandbox, string id, string tid)
    {
        _sandbox = sandbox;
        Id = id;
        Tid = tid;
    }

    /// <summary>The terminal id the EPOS uses (<c>tm_…</c>).</summary>
    public string Id { get; }

    /// <summary>The terminal's TID; its suffix picks the sandbox behaviour.</summary>
    public string Tid { get; }

    /// <summary>
    /// A card is presented (entry mode ContactChip, Contactless, ManualEntry or Magstripe; card type VISA, MASTERCARD,
    /// … or the default). The PDQ asks for a card a moment after its session starts (the <c>PresentCard</c>
    /// notification) and refuses one before that, as a real PDQ ignores a card it did not ask for: this waits for the
    /// request first, moving the sandbox clock.
    /// </summary>
    public async Task PresentCardAsync(string entryMode = "ContactChip", CardOutcome? outcome = null, string? cardType = null)
    {
        await _sandbox.UntilTerminalShowsAsync(Id, PayAtCounter.Contracts.TerminalNotificationTypes.PresentCard);
        await _sandbox.ControlAsync($"sandbox/terminals/{Id}/present-card", new { entryMode, outcome = outcome?.ToString(), cardType });
    }

    /// <summary>The customer enters the PIN.</summary>
    public Task EnterPinAsync() => _sandbox.ControlAsync($"sandbox/terminals/{Id}/enter-pin", null);

    /// <summary>Someone presses X.</summary>
    public Task PressCancelAsync() => _sandbox.ControlAsync($"sandbox/terminals/{Id}/press-cancel", null);

    /// <summary>The terminal loses power; a live session expires a few seconds later.</summary>
    public Task PowerOffAsync() => _sandbox.ControlAsync($"sandbox/terminals/{Id}/power-off", null);

    /// <summary>Power comes back; the terminal is Available again.</summary>
    public Task PowerOnAsync() => _sandbox.ControlAsync($"sandbox/terminals/{Id}/power-on", null);

    /// <summary>
    /// Sets what the terminal's next session does instead of its script: the card's outcome, a card presented
    /// <paramref name="cardAfter"/> after the terminal asks for it, a connection lost once the card is approved (the
    /// intent is paid, the session expires), or <paramref name="pinAttempts"/> PIN entries, the last one right.
    /// </summary>
    public Task PlanNextSessionAsync(CardOutcome? outcome = null, TimeSpan? cardAfter = null, bool disconnectAfterCard = false, int? pinAttempts = null)
        => _sandbox.ControlAsync($"sandbox/terminals/{Id}/next-session", new
        {
            outcome = outcome?.ToString(),
            cardAfter = cardAfter?.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            disconnect = disconnectAfterCard ? "AfterCard" : null,
            pinAttempts,
        });

    /// <inheritdoc />
    public override string ToString() => $"{Tid} ({Id})";
}
