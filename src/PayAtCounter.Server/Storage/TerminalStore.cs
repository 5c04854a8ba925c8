using Microsoft.EntityFrameworkCore;
using PayAtCounter.Engine;
using PayAtCounter.Engine.Terminals;

namespace PayAtCounter.Server.Storage;

/// <summary>Loads and saves an account's virtual terminals.</summary>
public sealed class TerminalStore(PayAtCounterDb db)
{
    /// <summary>All terminals of the account, by TID.</summary>
    public async Task<IReadOnlyList<TerminalState>> ListAsync(string accountId, CancellationToken cancellationToken)
    {
        var rows = await db.Terminals.AsNoTracking().Where(t => t.AccountId == accountId).ToListAsync(cancellationToken);
        return rows.Select(Documents.Read).OrderBy(t => t.Tid, StringComparer.Ordinal).ToList();
    }

    /// <summary>One terminal, or null.</summary>
    public async Task<TerminalState?> FindAsync(string accountId, string id, CancellationToken cancellationToken)
    {
        var row = await db.Terminals.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.AccountId == accountId, cancellationToken);
        return row is null ? null : Documents.Read(row);
    }

    /// <summary>Adds terminals.</summary>
    public async Task AddAsync(IEnumerable<TerminalState> terminals, CancellationToken cancellationToken)
    {
        Stage(terminals);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Adds terminals to the current unit of work without saving it.</summary>
    public void Stage(IEnumerable<TerminalState> terminals)
    {
        foreach (var terminal in terminals)
        {
            var row = new TerminalRow { Id = terminal.Id, AccountId = terminal.AccountId, Document = "" };
            Documents.Write(row, terminal);
            db.Terminals.Add(row);
        }
    }

    /// <summary>Changes a terminal; retried on a concurrent change.</summary>
    public Task<Outcome<TerminalState>> UpdateAsync(string accountId, string id, Func<TerminalState, Outcome<TerminalState>> change, CancellationToken cancellationToken)
        => OptimisticUpdate.RunAsync(db,
            ct => db.Terminals.FirstOrDefaultAsync(t => t.Id == id && t.AccountId == accountId, ct),
            Documents.Read, (row, state) => { Documents.Write(row, state); row.Version++; },
            change, $"No terminal with id {id}.", cancellationToken);

    /// <summary>Removes a terminal that is not running a session.</summary>
    public async Task<Outcome<TerminalState>> RemoveAsync(string accountId, string id, CancellationToken cancellationToken)
    {
        var row = await db.Terminals.FirstOrDefaultAsync(t => t.Id == id && t.AccountId == accountId, cancellationToken);
        if (row is null)
        {
            return DomainError.NotFound($"No terminal with id {id}.");
        }
        var terminal = Documents.Read(row);
        if (terminal.LiveSessionId is { } live)
        {
            return DomainError.Conflict($"Terminal {id} is running session {live}; cancel it or let it finish first.");
        }
        db.Terminals.Remove(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return DomainError.Conflict($"Terminal {id} changed while it was being removed (a session may have started); try again.");
        }
        return terminal;
    }
}
