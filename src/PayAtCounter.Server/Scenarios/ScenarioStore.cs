using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayAtCounter.Engine;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Sandbox;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Terminals;

namespace PayAtCounter.Server.Scenarios;

/// <summary>
/// Resets a sandbox account and takes, restores and removes its snapshots. A reset or a restore is one unit of
/// work: the account's rows are deleted and the new ones inserted in one commit, so a request sees the world before
/// or after, never half of it; a request that read a row before it is refused as a conflict and reads again.
/// </summary>
public sealed class ScenarioStore(PayAtCounterDb db, StorageWriter writer, IdGenerator ids, TimeProvider clock, IOptions<SandboxOptions> sandbox)
{
    // Far more changes than any row can see in the few milliseconds between reading the highest version and the
    // restore's commit; 200,000 restores of one account before a version could overflow.
    private const int VersionMargin = 10_000;

    /// <summary>Snapshots an account can keep: each is a copy of its world.</summary>
    public const int MaxSnapshots = 50;

    /// <summary>
    /// Empties the account's world, recorded traffic, readiness runs and fault rules (and its snapshots, unless
    /// <paramref name="keepSnapshots"/>), and gives it its starting terminals again. Returns them.
    /// </summary>
    public async Task<IReadOnlyList<Engine.Terminals.TerminalState>?> ResetAsync(Account account, bool keepSnapshots)
    {
        var reset = await ConflictRetry.RunAsync<Engine.Terminals.TerminalState[]>(async ()
            => await TryResetAsync(account, keepSnapshots) is { } terminals ? (Outcome<Engine.Terminals.TerminalState[]>?)terminals : null);
        return reset.Succeeded ? reset.Value : null;
    }

    // One attempt; null when it met a concurrent write (a deadlock on PostgreSQL) and was rolled back.
    private async Task<Engine.Terminals.TerminalState[]?> TryResetAsync(Account account, bool keepSnapshots)
    {
        var work = new UnitOfWork();
        foreach (var table in AccountWorld.WorldTables.Concat(AccountWorld.TillTables))
        {
            work.RemoveAllOf(table, account.Id);
        }
        work.RemoveAllOf<FaultRuleRow>(account.Id);
        work.RemoveAllOf<Webhooks.DeliveryRuleRow>(account.Id);
        if (!keepSnapshots)
        {
            work.RemoveAllOf<SnapshotRow>(account.Id);
        }
        Engine.Terminals.TerminalState[] terminals = [.. DefaultTerminals.For(account.Id, account.IsSandbox, sandbox.Value.Terminals, ids, clock.GetUtcNow())];
        work.AddRange(terminals.Select(t => TerminalRow.From(t)));
        return await writer.CommitAsync(work, db) ? terminals : null;
    }

    /// <summary>
    /// Replaces the account's world (not its recorded traffic, snapshots or rules) with a fixture's, in one commit.
    /// </summary>
    internal async Task<bool> ApplyFixtureAsync(string accountId, FixtureWorld world)
        => (await ConflictRetry.RunAsync<bool>(async () => await TryApplyFixtureAsync(accountId, world) ? (Outcome<bool>?)true : null)).Succeeded;

    private async Task<bool> TryApplyFixtureAsync(string accountId, FixtureWorld world)
    {
        var work = new UnitOfWork();
        foreach (var table in AccountWorld.WorldTables)
        {
            work.RemoveAllOf(table, accountId);
        }
        work.AddRange(world.Terminals.Select(t => TerminalRow.From(t)));
        work.AddRange(world.Intents.Select(i => PaymentIntents.PaymentIntentRow.From(i)));
        work.AddRange(world.Refunds.Select(PaymentIntents.RefundRow.From));
        work.AddRange(world.Subscriptions.Select(w => Webhooks.WebhookSubscriptionRow.From(w)));
        return await writer.CommitAsync(work, db);
    }

    /// <summary>The account's snapshots, newest first, without their content.</summary>
    public async Task<IReadOnlyList<SnapshotRow>> ListAsync(string accountId, CancellationToken cancellationToken)
        => await db.Snapshots.AsNoTracking().Where(s => s.AccountId == accountId)
            .OrderByDescending(s => s.TakenAtTicks).ThenBy(s => s.Name)
            .Select(s => new SnapshotRow { Id = s.Id, AccountId = s.AccountId, Name = s.Name, TakenAtTicks = s.TakenAtTicks, Counts = s.Counts, IdSeed = s.IdSeed, IdSequence = s.IdSequence, Content = "", Version = s.Version })
            .ToListAsync(cancellationToken);

    /// <summary>Snapshot <paramref name="name"/> of the account with its content, or null.</summary>
    public Task<SnapshotRow?> FindAsync(string accountId, string name, CancellationToken cancellationToken)
        => db.Snapshots.AsNoTracking().FirstOrDefaultAsync(s => s.Id == SnapshotRow.KeyOf(accountId, name), cancellationToken);

    /// <summary>Takes a snapshot of the account's world as it is now.</summary>
    public async Task<Outcome<SnapshotRow>> TakeAsync(string accountId, string name, CancellationToken cancellationToken)
    {
        if (await db.Snapshots.CountAsync(s => s.AccountId == accountId, cancellationToken) >= MaxSnapshots)
        {
            return DomainError.Conflict($"The account has {MaxSnapshots} snapshots, the most it can keep; delete one first.");
        }
        if (await db.Snapshots.AnyAsync(s => s.Id == SnapshotRow.KeyOf(accountId, name), cancellationToken))
        {
            return DomainError.Conflict($"A snapshot named {name} exists; delete it first or choose another name.");
        }
        // With a seed, the sequence starts again from a point of its own here and again at each restore, so the
        // calls after either hand out the same ids.
        var seed = sandbox.Value.Seed is { } configured ? StableHash.Of(configured, accountId + "/" + name) : (int?)null;
        var sequence = seed is { } s ? ids.Restart(s, sequence: null) : (long?)null;
        var (content, counts) = await AccountWorld.ReadAsync(db, accountId, cancellationToken);
        var row = new SnapshotRow
        {
            Id = SnapshotRow.KeyOf(accountId, name),
            AccountId = accountId,
            Name = name,
            TakenAtTicks = clock.GetUtcNow().UtcTicks,
            Counts = JsonSerializer.Serialize(counts, StorageJsonContext.Default.DictionaryStringInt32),
            IdSeed = seed,
            IdSequence = sequence,
            Content = content,
        };
        var work = new UnitOfWork();
        work.Add(row);
        if (!await writer.CommitAsync(work, db))
        {
            return DomainError.Conflict($"A snapshot named {name} was taken at the same moment; choose another name.");
        }
        return row;
    }

    /// <summary>Puts the account's world back as snapshot <paramref name="name"/> holds it.</summary>
    public async Task<Outcome<SnapshotRow>> RestoreAsync(string accountId, string name, CancellationToken cancellationToken)
    {
        if (await FindAsync(accountId, name, cancellationToken) is not { } snapshot)
        {
            return DomainError.NotFound($"No snapshot named {name}.");
        }
        List<object> rows;
        try
        {
            // Past every version read before, with room for rows that change between this read and the commit.
            var floor = await AccountWorld.HighestVersionAsync(db, accountId, cancellationToken) + 1 + VersionMargin;
            rows = AccountWorld.Rows(db.Model, snapshot.Content, accountId, floor);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or InvalidOperationException or FormatException)
        {
            return DomainError.Conflict($"Snapshot {name} cannot be restored by this server: {ex.Message}");
        }
        var work = new UnitOfWork();
        foreach (var table in AccountWorld.WorldTables)
        {
            work.RemoveAllOf(table, accountId);
        }
        work.AddRange(rows);
        if (!await writer.CommitAsync(work, db))
        {
            return DomainError.Conflict($"Snapshot {name} could not be restored: the account changed at the same moment, or one of its ids is in use elsewhere; try again.");
        }
        if (snapshot is { IdSeed: { } seed, IdSequence: { } sequence } && !await OthersMadeSinceAsync(accountId, snapshot.TakenAtTicks, cancellationToken))
        {
            // The sequence is the whole server's: rewound only when no other account made intents or sessions since the
            // snapshot, whose ids it would hand out again.
            ids.Restart(seed, sequence);
        }
        return snapshot;
    }

    private async Task<bool> OthersMadeSinceAsync(string accountId, long ticks, CancellationToken cancellationToken)
        => await db.PaymentIntents.AsNoTracking().AnyAsync(p => p.AccountId != accountId && p.CreatedAtTicks >= ticks, cancellationToken)
            || await db.TerminalSessions.AsNoTracking().AnyAsync(s => s.AccountId != accountId && s.CreatedAtTicks >= ticks, cancellationToken);

    /// <summary>Deletes snapshot <paramref name="name"/>; false when there is none.</summary>
    public async Task<bool> DeleteAsync(string accountId, string name, CancellationToken cancellationToken)
    {
        if (await db.Snapshots.AsNoTracking().Where(s => s.Id == SnapshotRow.KeyOf(accountId, name))
                .Select(s => new SnapshotRow { Id = s.Id, AccountId = s.AccountId, Name = s.Name, Counts = "", Content = "", Version = s.Version })
                .FirstOrDefaultAsync(cancellationToken) is not { } row)
        {
            return false;
        }
        var work = new UnitOfWork();
        work.Remove(row);
        return await writer.CommitAsync(work, db);
    }
}
