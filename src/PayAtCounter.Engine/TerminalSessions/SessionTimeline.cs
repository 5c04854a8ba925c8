namespace PayAtCounter.Engine.TerminalSessions;

/// <summary>
/// Delays between the steps of a simulated session, from the timestamps of Dojo's walkthrough
/// (contract §7.16): Initiated at +0.216 s, PresentCard at +1.2 s, card at +5.3 s, PIN, then the result at +8.7 s.
/// </summary>
public static class SessionTimeline
{
    /// <summary>Create → Initiated.</summary>
    public static readonly TimeSpan Acknowledge = TimeSpan.FromMilliseconds(216);
    /// <summary>Initiated → PresentCard shown.</summary>
    public static readonly TimeSpan ShowPresentCard = TimeSpan.FromMilliseconds(984);
    /// <summary>PresentCard shown → card presented.</summary>
    public static readonly TimeSpan PresentCard = TimeSpan.FromMilliseconds(4100);
    /// <summary>Card → EnterPin shown.</summary>
    public static readonly TimeSpan ShowPin = TimeSpan.FromMilliseconds(100);
    /// <summary>EnterPin shown → PIN entered.</summary>
    public static readonly TimeSpan EnterPin = TimeSpan.FromMilliseconds(1150);
    /// <summary>PIN entered → RemoveCard.</summary>
    public static readonly TimeSpan RemoveCard = TimeSpan.FromMilliseconds(1050);
    /// <summary>Last terminal prompt → issuer's answer.</summary>
    public static readonly TimeSpan Decide = TimeSpan.FromMilliseconds(1100);
    /// <summary>Confirmation of a cancel request, or settlement after an accepted signature.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);
    /// <summary>How long the EPOS has to answer a signature request (contract V2).</summary>
    public static readonly TimeSpan SignatureWindow = TimeSpan.FromSeconds(80);
    /// <summary>expireAt while InitiateRequested.</summary>
    public static readonly TimeSpan InitialExpiry = TimeSpan.FromSeconds(10);
    /// <summary>expireAt once Initiated, from creation.</summary>
    public static readonly TimeSpan SessionExpiry = TimeSpan.FromSeconds(90);
    /// <summary>How long after losing power a terminal's session is given up.</summary>
    public static readonly TimeSpan PowerLossExpiry = TimeSpan.FromSeconds(5);
}
