using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Engine.Terminals;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Parsed states of the rows live sessions work on, so a scheduler step need not read and parse three JSON
/// documents. Each state is kept with the row version it was read or committed at, and a lookup names the
/// version the database has now: a row changed anywhere else (another instance on a shared database) simply
/// misses. States are immutable records, so sharing them is safe. <see cref="StorageWriter"/> keeps it up to date
/// with every committed unit of work; the scheduler adds what it reads.
/// </summary>
public sealed class LiveStateCache(FinishedSessionCache finished)
{
    /// <summary>Sessions by id.</summary>
    public VersionedStates<TerminalSessionState> Sessions { get; } = new();
    /// <summary>Terminals by id.</summary>
    public VersionedStates<TerminalState> Terminals { get; } = new();
    /// <summary>Payment intents by id.</summary>
    public VersionedStates<PaymentIntentState> Intents { get; } = new();

    /// <summary>After a commit: the states it stored, at their new versions; removed rows are forgotten.</summary>
    internal void Committed(UnitOfWork work)
    {
        if (work.Cleared.Count > 0)
        {
            // An account reset or restored: its rows came back at other versions or not at all, and a finished
            // session may be live again. Rare enough to start every cache again rather than find its entries.
            Sessions.Clear();
            Terminals.Clear();
            Intents.Clear();
            finished.Clear();
        }
        foreach (var row in work.Added)
        {
            // A new intent is left out: intents are created by the thousand a second and read by no step until a
            // session uses them, which then reads and keeps them.
            if (row is IStateRow { State: not PaymentIntentState and { } state } and IVersionedRow versioned)
            {
                Remember(versioned.Id, versioned.Version, state);
            }
        }
        foreach (var row in work.Changed)
        {
            if (row is IStateRow { State: { } state })
            {
                Remember(row.Id, row.Version, state);
            }
        }
        foreach (var row in work.Removed)
        {
            Sessions.Forget(row.Id);
            Terminals.Forget(row.Id);
            Intents.Forget(row.Id);
        }
    }

    private void Remember(string id, int version, object state)
    {
        switch (state)
        {
            case TerminalSessionState { IsFinal: true } session:
                // Over: nothing will step it again, and EPOS poll finished sessions.
                Sessions.Forget(id);
                finished.Remember(session);
                break;
            case TerminalSessionState session:
                Sessions.Remember(id, version, session);
                break;
            case TerminalState terminal:
                Terminals.Remember(id, version, terminal);
                break;
            case PaymentIntentState intent:
                Intents.Remember(id, version, intent);
                break;
        }
    }
}

/// <summary>States of one kind of row by id, each valid at one version. Bounded: when full it starts again empty.</summary>
public sealed class VersionedStates<T>
    where T : class
{
    // Comfortably above the 10,000 live sessions of the benchmark's goal; a miss costs only a read.
    private readonly BoundedCache<string, (int Version, T State)> _states = new(30_000, StringComparer.Ordinal);

    /// <summary>The state of row <paramref name="id"/> at <paramref name="version"/>, if cached.</summary>
    public T? Find(string id, int version)
        => _states.TryGet(id, out var entry) && entry.Version == version ? entry.State : null;

    /// <summary>Remembers a committed state. Call only once its version is committed: (id, version) must name one state.</summary>
    public void Remember(string id, int version, T state) => _states.Set(id, (version, state));

    /// <summary>Drops row <paramref name="id"/>, e.g. once its session is over.</summary>
    public void Forget(string id) => _states.Remove(id);

    /// <summary>Drops every row.</summary>
    public void Clear() => _states.Clear();
}
