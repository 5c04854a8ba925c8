using Microsoft.EntityFrameworkCore;
using PayAtCounter.Engine.Terminals;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Terminals;

namespace PayAtCounter.Server.Accounts;

/// <summary>Reads and adds accounts.</summary>
public sealed class AccountStore(PayAtCounterDb db, StorageWriter writer)
{
    /// <summary>The account whose key hashes to <paramref name="keyHash"/>, or null.</summary>
    public Task<AccountRow?> FindByKeyHashAsync(byte[] keyHash, CancellationToken cancellationToken)
        => db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.KeyHash == keyHash, cancellationToken);

    /// <summary>Adds an account with its terminals in one commit; false when its key or id is taken.</summary>
    public Task<bool> AddAsync(AccountRow account, IEnumerable<TerminalState> terminals)
    {
        var work = new UnitOfWork();
        work.Add(account);
        work.AddRange(terminals.Select(t => TerminalRow.From(t)));
        return writer.CommitAsync(work);
    }

    /// <summary>How many accounts exist.</summary>
    public Task<int> CountAsync(CancellationToken cancellationToken) => db.Accounts.CountAsync(cancellationToken);
}
