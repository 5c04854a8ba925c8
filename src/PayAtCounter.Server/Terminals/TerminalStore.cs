using Microsoft.EntityFrameworkCore;
using PayAtCounter.Engine;
using PayAtCounter.Engine.Terminals;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Terminals;

/// <summary>Loads and saves an account's virtual terminals.</summary>
public sealed class TerminalStore(PayAtCounterDb db, StorageWriter writer)
{
    /// <summary>All terminals of the account, by TID.</summary>
    public async Task<IReadOnlyList<TerminalState>> ListAsync(string accountId, CancellationToken cancellationToken)
    {
        var rows = await db.Terminals.AsNoTracking().Where(t => t.AccountId == accountId).ToListAsync(cancellationToken);
        return rows.Select(r => r.ToState()).OrderBy(t => t.Tid, StringComparer.Ordinal).ToList();
    }

    /// <summary>One terminal, or null.</summary>
    public async Task<TerminalState?> FindAsync(string accountId, string id, CancellationToken cancellationToken)
        => (await FindRowAsync(accountId, id, cancellationToken))?.ToState();

    /// <summary>The account's terminal with TID <paramref name="tid"/> other than <paramref name="exceptId"/>, or null.</summary>
    public async Task<TerminalState?> FindByTidAsync(string accountId, string tid, string? exceptId, CancellationToken cancellationToken)
    {
        // The TID lives in the document: matched as its JSON text, so no row is parsed (adding the bench's 10,000
        // terminals one by one took minutes when each add parsed every terminal of the account).
        var needle = $"\"tid\":{System.Text.Json.JsonSerializer.Serialize(tid, StorageJsonContext.Default.String)}";
        var rows = await db.Terminals.AsNoTracking()
            .Where(t => t.AccountId == accountId && t.Id != exceptId && t.Document.Contains(needle))
            .ToListAsync(cancellationToken);
        return rows.Select(r => r.ToState()).FirstOrDefault(t => t.Tid == tid);
    }

    /// <summary>Adds terminals.</summary>
    public async Task AddAsync(IEnumerable<TerminalState> terminals)
    {
        var work = new UnitOfWork();
        work.AddRange(terminals.Select(t => TerminalRow.From(t)));
        if (!await writer.CommitAsync(work))
        {
            throw new InvalidOperationException("A new terminal's id is already taken.");
        }
    }

    /// <summary>Changes a terminal; retried on a concurrent change.</summary>
    public Task<Outcome<TerminalState>> UpdateAsync(string accountId, string id, Func<TerminalState, Outcome<TerminalState>> change, CancellationToken cancellationToken)
        => ConflictRetry.ChangeRowAsync(writer, db, () => FindRowAsync(accountId, id, cancellationToken), r => r.ToState(), TerminalRow.From, change, TerminalNotFound.Message(id));

    /// <summary>Removes a terminal that is not running a session.</summary>
    public async Task<Outcome<TerminalState>> RemoveAsync(string accountId, string id, CancellationToken cancellationToken)
    {
        var row = await FindRowAsync(accountId, id, cancellationToken);
        if (row is null)
        {
            return DomainError.NotFound(TerminalNotFound.Message(id));
        }
        var terminal = row.ToState();
        if (terminal.LiveSessionId is { } live)
        {
            return DomainError.Conflict($"Terminal {id} is running session {live}; cancel it or let it finish first.");
        }
        var work = new UnitOfWork();
        work.Remove(row);
        if (!await writer.CommitAsync(work, db))
        {
            return DomainError.Conflict($"Terminal {id} changed while it was being removed (a session may have started); try again.");
        }
        return terminal;
    }

    private Task<TerminalRow?> FindRowAsync(string accountId, string id, CancellationToken cancellationToken)
        => db.Terminals.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.AccountId == accountId, cancellationToken);
}
