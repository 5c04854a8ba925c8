using Microsoft.EntityFrameworkCore;
using PayAtCounter.Engine;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Read a row, change its state, save guarded by the row's version; on a concurrent change, read again
/// and retry. Past the attempt limit the conflict surfaces (as a 409) rather than spinning.
/// </summary>
internal static class OptimisticUpdate
{
    public const int MaxAttempts = 5;

    public static async Task<Outcome<TState>> RunAsync<TRow, TState>(
        PayAtCounterDb db,
        Func<CancellationToken, Task<TRow?>> load,
        Func<TRow, TState> read,
        Action<TRow, TState> write,
        Func<TState, Outcome<TState>> change,
        string notFound,
        CancellationToken cancellationToken)
        where TRow : class
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var row = await load(cancellationToken);
            if (row is null)
            {
                return DomainError.NotFound(notFound);
            }
            var outcome = change(read(row));
            if (!outcome.Succeeded)
            {
                return outcome;
            }
            write(row, outcome.Value!);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return outcome;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // Someone changed the row since we read it: run the change again on the new state.
            }
        }
    }
}
