using PayAtCounter.Engine.TerminalSessions;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Finished sessions never change, and an EPOS polls a session once a second and keeps polling after it ends, so
/// a finished session is kept in memory once seen, with the response bodies made for it (one per API variant),
/// which are then sent as bytes. Bounded: when full it starts again empty, which costs a database read and one
/// serialization per session.
/// </summary>
public sealed class FinishedSessionCache
{
    // ~6 KB per body with receipts, ~3 KB per state: the cap keeps this under ~200 MB even with both variants.
    private readonly BoundedCache<(string AccountId, string Id), FinishedSession> _sessions = new(20_000);

    /// <summary>A finished session of this account, if cached.</summary>
    public FinishedSession? Find(string accountId, string id) => _sessions.TryGet((accountId, id), out var session) ? session : null;

    private int _generation;

    /// <summary>Moves on at every <see cref="Clear"/>: a session read before a clear must not be remembered after it.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Forgets every session: after an account is reset or restored, a finished one may be gone or live again.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _sessions.Clear();
    }

    /// <summary>
    /// Remembers <paramref name="session"/> if it is finished (keeping the bodies made already); returns its entry, or
    /// null. With <paramref name="readAt"/> (the <see cref="Generation"/> before the session was read), a session read
    /// before a reset or restore is not remembered.
    /// </summary>
    public FinishedSession? Remember(TerminalSessionState session, int? readAt = null)
    {
        if (!session.IsFinal || (readAt is { } generation && generation != Generation))
        {
            return null;
        }
        if (_sessions.TryGet((session.AccountId, session.Id), out var known))
        {
            return known;
        }
        var entry = new FinishedSession(session);
        _sessions.Set((session.AccountId, session.Id), entry);
        return entry;
    }
}

/// <summary>A finished session and the response bodies already made of it.</summary>
public sealed class FinishedSession(TerminalSessionState state)
{
    private byte[]? _body;
    private byte[]? _body2025;

    /// <summary>The final state.</summary>
    public TerminalSessionState State { get; } = state;

    /// <summary>The body made for one API variant, if any.</summary>
    public byte[]? Body(bool has2025Fields) => has2025Fields ? _body2025 : _body;

    /// <summary>Keeps the body made for one API variant; returns it.</summary>
    public byte[] Keep(bool has2025Fields, byte[] body) => has2025Fields ? _body2025 = body : _body = body;
}
