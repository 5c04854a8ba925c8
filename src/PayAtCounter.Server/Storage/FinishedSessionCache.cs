using System.Collections.Concurrent;
using PayAtCounter.Engine.TerminalSessions;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Finished sessions never change, and EPOS poll them, so they are kept in memory once seen. Bounded:
/// when full it starts again empty, which costs only a database read per session.
/// </summary>
public sealed class FinishedSessionCache
{
    private const int Capacity = 50_000;
    private readonly ConcurrentDictionary<(string AccountId, string Id), TerminalSessionState> _sessions = new();

    /// <summary>A finished session, if cached.</summary>
    public TerminalSessionState? Find(string accountId, string id) => _sessions.GetValueOrDefault((accountId, id));

    /// <summary>Remembers <paramref name="session"/> if it is finished.</summary>
    public void Remember(TerminalSessionState session)
    {
        if (!session.IsFinal)
        {
            return;
        }
        if (_sessions.Count >= Capacity)
        {
            _sessions.Clear();
        }
        _sessions[(session.AccountId, session.Id)] = session;
    }
}
