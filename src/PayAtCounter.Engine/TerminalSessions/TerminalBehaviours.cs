using PayAtCounter.Contracts;

namespace PayAtCounter.Engine.TerminalSessions;

/// <summary>The sandbox's TID-suffix outcomes (contract §7.4, A19, A20).</summary>
public static class TerminalBehaviours
{
    /// <summary>What a scripted terminal with <paramref name="tid"/> does for a session of <paramref name="type"/>.</summary>
    public static CardOutcome ScriptedOutcome(string tid, TerminalSessionType type)
    {
        var upper = tid.ToUpperInvariant();
        if (upper.EndsWith("DIP0", StringComparison.Ordinal))
        {
            return CardOutcome.Decline;
        }
        if (upper.EndsWith("TIP0", StringComparison.Ordinal))
        {
            return CardOutcome.Disconnect;
        }
        if (upper.EndsWith("SIP0", StringComparison.Ordinal) && type == TerminalSessionType.Sale)
        {
            return CardOutcome.Signature;
        }
        if (upper.EndsWith("SIS0", StringComparison.Ordinal) && type != TerminalSessionType.Sale)
        {
            return CardOutcome.Signature;
        }
        return CardOutcome.Approve;
    }
}
