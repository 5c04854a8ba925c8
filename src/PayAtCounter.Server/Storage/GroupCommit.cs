using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Inserts from concurrent requests committed together. SQLite has one writer, and a commit costs nearly
/// the same for one row as for a hundred, so requests that only add rows (a new intent and its events)
/// share commits: while one commit runs, the next requests queue, and whichever gets the writer next
/// commits all of them. A request returns only once its rows are committed.
/// The rows go in as plain multi-row INSERTs (<see cref="PlainSql"/>), and an event of an account with no
/// webhook subscription is stored as already fanned out, so the dispatcher has nothing to do for it.
/// </summary>
public sealed class GroupCommit(IServiceScopeFactory scopes)
{
    // Bounded so one commit's latency stays small; 64 requests of two rows each is one short transaction.
    private const int MaxRequestsPerCommit = 64;

    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>
    /// Inserts <paramref name="rows"/> in a transaction shared with other waiting inserts. Returns how many of
    /// its events wait for the webhook dispatcher.
    /// </summary>
    public async Task<int> InsertAsync(NewRows rows)
    {
        var pending = new Pending(rows);
        _queue.Enqueue(pending);
        while (!pending.Done.Task.IsCompleted)
        {
            // Not cancellable: once queued, the rows are committed, so the caller learns the outcome.
            await _writer.WaitAsync(CancellationToken.None);
            try
            {
                if (!pending.Done.Task.IsCompleted)
                {
                    await CommitQueuedAsync();
                }
            }
            finally
            {
                _writer.Release();
            }
        }
        await pending.Done.Task;
        return rows.Events.Count(e => !e.FannedOut);
    }

    private async Task CommitQueuedAsync()
    {
        var batch = new List<Pending>(MaxRequestsPerCommit);
        while (batch.Count < MaxRequestsPerCommit && _queue.TryDequeue(out var next))
        {
            batch.Add(next);
        }
        if (batch.Count == 0)
        {
            return;
        }
        try
        {
            await SaveAsync(batch);
            batch.ForEach(p => p.Done.TrySetResult());
        }
        catch (DbException duplicate) when (batch.Count > 1 && IsDuplicateKey(duplicate))
        {
            // One bad request (a duplicate key) must not fail the others: commit each alone to find it.
            // Other failures (I/O, a locked file) would fail each alone too, so they fail the batch at once.
            foreach (var pending in batch)
            {
                try
                {
                    await SaveAsync([pending]);
                    pending.Done.TrySetResult();
                }
                catch (Exception ex)
                {
                    pending.Done.TrySetException(ex);
                }
            }
        }
        catch (Exception ex)
        {
            batch.ForEach(p => p.Done.TrySetException(ex));
        }
    }

    // Not cancellable: once queued, rows are committed even if their request has gone, as a lone save would be.
    private async Task SaveAsync(IReadOnlyList<Pending> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PayAtCounterDb>();
        await db.InWriterTurnAsync(async () =>
        {
            // Immediate on SQLite: the subscription read and the inserts are one write transaction.
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            var tx = transaction.GetDbTransaction();
            var events = batch.SelectMany(p => p.Rows.Events).ToList();
            var subscribed = await PlainSql.SubscribedAccountsAsync(tx, events.Select(e => e.AccountId).ToHashSet(StringComparer.Ordinal));
            Outbox.MarkUnwatched(events, subscribed);
            await PlainSql.IntentsAsync(tx, batch.Where(p => p.Rows.Intent is not null).Select(p => p.Rows.Intent!).ToList());
            await PlainSql.EventsAsync(tx, events);
            await transaction.CommitAsync(CancellationToken.None);
            return true;
        });
    }

    private static bool IsDuplicateKey(DbException ex)
        => ex is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } // SQLITE_CONSTRAINT
            || ex is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation };

    private sealed class Pending(NewRows rows)
    {
        public NewRows Rows { get; } = rows;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>Rows that only add to the database: a new intent (or none) and its events.</summary>
public sealed record NewRows(PaymentIntentRow? Intent, IReadOnlyList<OutboxEventRow> Events);
