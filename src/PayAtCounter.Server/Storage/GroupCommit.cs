using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Inserts from concurrent requests committed together. SQLite has one writer, and a commit costs nearly
/// the same for one row as for a hundred, so requests that only add rows (a new intent and its events)
/// share commits: requests queue their rows, and one loop commits everything queued while the previous
/// commit ran. A request returns only once its rows are committed.
/// The loop runs on a thread of its own (<see cref="Hosting.OwnThread"/>), so a commit never waits in the
/// thread pool's queue behind the requests it would answer, and keeps one connection open (see
/// <see cref="CommitConnection"/>). The rows go in as plain INSERTs (<see cref="PlainSql"/>), and an event of
/// an account with no webhook subscription is stored as already fanned out, so the dispatcher has nothing
/// to do for it.
/// </summary>
public sealed class GroupCommit : IAsyncDisposable, IDisposable
{
    // Bounded so one commit's latency stays small; 64 requests of two rows each is one short transaction.
    private const int MaxRequestsPerCommit = 64;

    private readonly IServiceScopeFactory _scopes;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    /// <summary>Starts the commit loop.</summary>
    public GroupCommit(IServiceScopeFactory scopes)
    {
        _scopes = scopes;
        _loop = Hosting.OwnThread.Run("group commit", CommitLoopAsync);
    }

    /// <summary>
    /// Inserts <paramref name="rows"/> in a transaction shared with other waiting inserts. Returns how many of
    /// its events wait for the webhook dispatcher.
    /// </summary>
    public async Task<int> InsertAsync(NewRows rows)
    {
        var pending = new Pending(rows);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(GroupCommit), "The server is stopping.");
        }
        // Not cancellable: once queued, the rows are committed, so the caller learns the outcome.
        await pending.Done.Task;
        return rows.Events.Count(e => !e.FannedOut);
    }

    /// <summary>Commits what is queued, then stops the loop.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose()
    {
        // Safe to block on: the loop runs on its own thread, not on the caller's.
        _queue.Writer.TryComplete();
        _loop.GetAwaiter().GetResult();
    }

    private async Task CommitLoopAsync()
    {
        var batch = new List<Pending>(MaxRequestsPerCommit);
        var connection = new CommitConnection(_scopes);
        try
        {
            while (await _queue.Reader.WaitToReadAsync())
            {
                while (batch.Count < MaxRequestsPerCommit && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }
                await CommitAsync(connection, batch);
                batch.Clear();
            }
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    // Never throws: each request's outcome goes to its own task, so the loop outlives any failure.
    private static async Task CommitAsync(CommitConnection connection, List<Pending> batch)
    {
        try
        {
            await connection.SaveAsync(batch);
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
                    await connection.SaveAsync([pending]);
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

    private static bool IsDuplicateKey(Exception ex)
        => ex is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 } // SQLITE_CONSTRAINT
            || ex is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation };

    /// <summary>
    /// The loop's own database connection, kept open from one commit to the next. SQLite keeps a connection's
    /// page cache for as long as no other connection has written, so the index pages that new rows go to
    /// (the same few, as ids follow the clock) stay in memory instead of being read again for every commit.
    /// After a failure it is replaced, in case the failure was the connection's, and after a pause too: a
    /// database server may have closed an idle connection (a restart, an idle timeout, a proxy) unnoticed, and
    /// the first batch on it would fail.
    /// </summary>
    private sealed class CommitConnection(IServiceScopeFactory scopes) : IAsyncDisposable
    {
        private const long IdleLimitMilliseconds = 30_000;

        private AsyncServiceScope? _scope;
        private PayAtCounterDb? _db;
        private long _lastUsed;

        // Not cancellable: once queued, rows are committed even if their request has gone, as a lone save would be.
        public async Task SaveAsync(IReadOnlyList<Pending> batch)
        {
            try
            {
                var db = await OpenAsync();
                await db.InWriterTurnAsync(async () =>
                {
                    // Immediate on SQLite: the subscription read and the inserts are one write transaction.
                    await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
                    var tx = transaction.GetDbTransaction();
                    var events = batch.SelectMany(p => p.Rows.Events).ToList();
                    await Outbox.MarkUnwatchedAsync(tx, events);
                    await PlainSql.IntentsAsync(tx, batch.Where(p => p.Rows.Intent is not null).Select(p => p.Rows.Intent!).ToList());
                    await PlainSql.EventsAsync(tx, events);
                    await transaction.CommitAsync(CancellationToken.None);
                    return true;
                });
                _lastUsed = Environment.TickCount64;
            }
            catch (Exception ex) when (!IsDuplicateKey(ex))
            {
                await DisposeAsync();
                throw;
            }
        }

        private async Task<PayAtCounterDb> OpenAsync()
        {
            if (_db is not null && Environment.TickCount64 - _lastUsed > IdleLimitMilliseconds)
            {
                await DisposeAsync();
            }
            if (_db is null)
            {
                _scope = scopes.CreateAsyncScope();
                _db = _scope.Value.ServiceProvider.GetRequiredService<PayAtCounterDb>();
                // Opened here, EF Core leaves it open until the context is disposed.
                await _db.Database.OpenConnectionAsync();
                _lastUsed = Environment.TickCount64;
            }
            return _db;
        }

        public async ValueTask DisposeAsync()
        {
            _db = null;
            if (_scope is { } scope)
            {
                _scope = null;
                await scope.DisposeAsync();
            }
        }
    }

    private sealed class Pending(NewRows rows)
    {
        public NewRows Rows { get; } = rows;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>Rows that only add to the database: a new intent (or none) and its events.</summary>
public sealed record NewRows(PaymentIntentRow? Intent, IReadOnlyList<OutboxEventRow> Events);
