using PayAtCounter.Engine.TerminalSessions;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Finished sessions never change, and EPOS poll them, so they are kept in memory once seen. Bounded:
/// when full it starts again empty, which costs only a database read per session.
/// </summary>
public sealed class FinishedSessionCache
{
    private readonly BoundedCache<(string AccountId, string Id), TerminalSessionState> _sessions = new(50_000);

    /// <summary>A finished session, if cached.</summary>
    public TerminalSessionState? Find(string accountId, string id) => _sessions.TryGet((accountId, id), out var session) ? session : null;

    /// <summary>Remembers <paramref name="session"/> if it is finished.</summary>
    public void Remember(TerminalSessionState session)
    {
        if (session.IsFinal)
        {
            _sessions.Set((session.AccountId, session.Id), session);
        }
    }
}
