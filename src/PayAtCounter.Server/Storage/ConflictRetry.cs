using PayAtCounter.Engine;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Optimistic concurrency, the one retry loop every store uses: read, decide, stage a unit of work, commit guarded
/// by the versions read; on a conflict read again and decide again. Past the attempt limit the conflict surfaces
/// as a 409 rather than spinning.
/// </summary>
public static class ConflictRetry
{
    /// <summary>Attempts before giving up.</summary>
    public const int MaxAttempts = 5;

    /// <summary>What a caller sees when the race went on for every attempt.</summary>
    public static readonly DomainError Conflict = DomainError.Conflict("The resource was changed by concurrent requests; try again.");

    /// <summary>
    /// Runs <paramref name="attempt"/> until it gives an outcome; null from it means "a conflict, read again".
    /// </summary>
    public static async Task<Outcome<T>> RunAsync<T>(Func<Task<Outcome<T>?>> attempt)
    {
        for (var i = 0; i < MaxAttempts; i++)
        {
            if (await attempt() is { } outcome)
            {
                return outcome;
            }
        }
        return Conflict;
    }

    /// <summary>
    /// The common case: reads one row, applies <paramref name="change"/> to its state and commits the new state
    /// guarded by the version read, reading again on a conflict.
    /// </summary>
    public static Task<Outcome<TState>> ChangeRowAsync<TRow, TState>(
        StorageWriter writer,
        PayAtCounterDb db,
        Func<Task<TRow?>> load,
        Func<TRow, TState> read,
        Func<TState, int, TRow> write,
        Func<TState, Outcome<TState>> change,
        string notFound)
        where TRow : class, IVersionedRow
        => RunAsync<TState>(async () =>
        {
            if (await load() is not { } row)
            {
                return DomainError.NotFound(notFound);
            }
            var outcome = change(read(row));
            if (!outcome.Succeeded)
            {
                return outcome;
            }
            var work = new UnitOfWork();
            work.Change(write(outcome.Value!, row.Version));
            if (!await writer.CommitAsync(work, db))
            {
                return null;   // a conflict: read again
            }
            return outcome;
        });

    /// <summary>Removes the row <paramref name="load"/> reads, guarded by its version, reading again on a conflict; false when there is none.</summary>
    public static async Task<bool> RemoveRowAsync<TRow>(StorageWriter writer, PayAtCounterDb db, Func<Task<TRow?>> load)
        where TRow : class, IVersionedRow
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await load() is not { } row)
            {
                return false;
            }
            var work = new UnitOfWork();
            work.Remove(row);
            if (await writer.CommitAsync(work, db))
            {
                return true;
            }
        }
        return false;
    }
}
