using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Engine.TerminalSessions;

namespace PayAtCounter.Engine.Readiness;

/// <summary>A readiness run: a named stretch of an account's traffic.</summary>
/// <param name="Id">Run id (<c>rr_…</c>); null for the implicit run (all the account's traffic).</param>
/// <param name="Name">What the till team called it.</param>
/// <param name="PosVersion">The till's version, as the team gave it (CFG-05).</param>
/// <param name="StartedAt">Wall-clock start.</param>
/// <param name="EndedAt">Wall-clock end; null while it is the open run.</param>
public sealed record ReadinessRun(string? Id, string Name, string? PosVersion, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

/// <summary>
/// What a run's grading looks at: the run, the requests the till sent in it (oldest first), and the sessions and
/// intents those requests touched as they are now. The requests say what the till did; the states say what
/// happened on the terminal and to the payment.
/// </summary>
public sealed record RunTraffic
{
    /// <summary>The run.</summary>
    public required ReadinessRun Run { get; init; }
    /// <summary>The run's requests, oldest first, those without a valid key included (tied as <see cref="UnauthenticatedTie"/> says).</summary>
    public required IReadOnlyList<RecordedRequest> Requests { get; init; }
    /// <summary>Terminal sessions the requests created or read, by id.</summary>
    public required IReadOnlyDictionary<string, TerminalSessionState> Sessions { get; init; }
    /// <summary>Payment intents the requests created or read, by id.</summary>
    public required IReadOnlyDictionary<string, PaymentIntentState> Intents { get; init; }
    /// <summary>Sandbox seconds per real second: polling rates are judged in real time when the clock runs, in sandbox time when it is frozen.</summary>
    public required double ClockSpeed { get; init; }
    /// <summary>Requests the recorder dropped in the run's time because it could not keep up.</summary>
    public long Dropped { get; init; }
    /// <summary>How requests without a valid key were tied to the run, for the report.</summary>
    public string UnauthenticatedTie { get; init; } = "";
}
