using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Units of work that only add rows, from concurrent requests, committed together. SQLite has one writer, and a
/// commit costs nearly the same for one row as for a hundred, so requests that only add rows (a new intent and its
/// events) share commits: requests queue their units, and one loop commits everything queued while the previous
/// commit ran. A request returns only once its rows are committed. Used by <see cref="StorageWriter"/> alone.
/// The loop runs on a thread of its own (<see cref="Hosting.OwnThread"/>), so a commit never waits in the
/// thread pool's queue behind the requests it would answer, and keeps one connection open (see
/// <see cref="CommitConnection"/>).
/// </summary>
public sealed class GroupCommit : IAsyncDisposable, IDisposable
{
    // Bounded so one commit's latency stays small; 64 requests of two rows each is one short transaction.
    private const int MaxUnitsPerCommit = 64;

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
    /// Commits <paramref name="work"/> (rows to add, nothing else) in a transaction shared with other waiting units;
    /// false, with nothing of it stored, when one of its keys is taken.
    /// </summary>
    public async Task<bool> CommitAsync(UnitOfWork work)
    {
        var pending = new Pending(work);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(GroupCommit), "The server is stopping.");
        }
        // Not cancellable: once queued, the rows are committed, so the caller learns the outcome.
        return await pending.Done.Task;
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
        var batch = new List<Pending>(MaxUnitsPerCommit);
        var connection = new CommitConnection(_scopes);
        try
        {
            while (await _queue.Reader.WaitToReadAsync())
            {
                while (batch.Count < MaxUnitsPerCommit && _queue.Reader.TryRead(out var next))
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

    // Never throws: each unit's outcome goes to its own task, so the loop outlives any failure.
    private static async Task CommitAsync(CommitConnection connection, List<Pending> batch)
    {
        try
        {
            if (await connection.SaveAsync(batch.Select(p => p.Work).ToList()))
            {
                batch.ForEach(p => p.Done.TrySetResult(true));
                return;
            }
            if (batch.Count == 1)
            {
                batch[0].Done.TrySetResult(false);
                return;
            }
            // One unit with a taken key must not fail the others: commit each alone to find it. Other failures
            // (I/O, a locked file) would fail each alone too, so they fail the batch at once, below.
            foreach (var pending in batch)
            {
                try
                {
                    pending.Done.TrySetResult(await connection.SaveAsync([pending.Work]));
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

        // False when a key is taken (nothing stored).
        public async Task<bool> SaveAsync(IReadOnlyList<UnitOfWork> works)
        {
            try
            {
                var db = await OpenAsync();
                var saved = await WriterGate.InTurnAsync(db, async () =>
                {
                    await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
                    return await StorageWriter.ApplyAsync(db, transaction, works);
                });
                _lastUsed = Environment.TickCount64;
                return saved;
            }
            catch
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

    private sealed class Pending(UnitOfWork work)
    {
        public UnitOfWork Work { get; } = work;
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
