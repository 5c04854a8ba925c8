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
    public async Task PresentCardAsync(string entryMode = "ContactChip", CardOutcome outcome = CardOutcome.Approve, string? cardType = null)
    {
        await _sandbox.UntilTerminalShowsAsync(Id, PayAtCounter.Contracts.TerminalNotificationTypes.PresentCard);
        await _sandbox.ControlAsync($"sandbox/terminals/{Id}/present-card", new { entryMode, outcome = outcome.ToString(), cardType });
    }

    /// <summary>The customer enters the PIN.</summary>
    public Task EnterPinAsync() => _sandbox.ControlAsync($"sandbox/terminals/{Id}/enter-pin", null);

    /// <summary>Someone presses X.</summary>
    public Task PressCancelAsync() => _sandbox.ControlAsync($"sandbox/terminals/{Id}/press-cancel", null);

    /// <summary>The terminal loses power; a live session expires a few seconds later.</summary>
    public Task PowerOffAsync() => _sandbox.ControlAsync($"sandbox/terminals/{Id}/power-off", null);

    /// <summary>Power comes back; the terminal is Available again.</summary>
    public Task PowerOnAsync() => _sandbox.ControlAsync($"sandbox/terminals/{Id}/power-on", null);

    /// <inheritdoc />
    public override string ToString() => $"{Tid} ({Id})";
}
