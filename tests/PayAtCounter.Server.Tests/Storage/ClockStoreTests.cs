using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayAtCounter.Server.Sandbox;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Storage;

/// <summary>
/// The persisted sandbox clock is written like every other write: in its turn at SQLite's one writer. On SQLite
/// in both test passes, since PostgreSQL has row locks and no writer queue.
/// </summary>
public sealed class ClockStoreTests : IDisposable
{
    private readonly PayAtCounterApp _app = new(settings: new Dictionary<string, string?> { ["Storage:Provider"] = "Sqlite" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Saving_the_clock_waits_for_the_writer_instead_of_racing_it()
    {
        _app.CreateDojoClient();   // starts the app and its database
        await using var holder = _app.Services.CreateAsyncScope();
        await using var saver = _app.Services.CreateAsyncScope();
        var holderDb = holder.ServiceProvider.GetRequiredService<PayAtCounterDb>();
        var saverDb = saver.ServiceProvider.GetRequiredService<PayAtCounterDb>();
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var held = WriterGate.InTurnAsync(holderDb, async () =>
        {
            entered.SetResult();
            await release.Task;
            return true;
        });
        await entered.Task;
        var later = DateTimeOffset.UtcNow.AddYears(5);

        var save = saver.ServiceProvider.GetRequiredService<ClockStore>().AdvanceAsync(later - _app.Clock.GetUtcNow());
        // A real-time wait is the point: a save that does not wait for the writer would finish within it.
        await Task.WhenAny(save, Task.Delay(TimeSpan.FromMilliseconds(300)));
        var savedWhileHeld = save.IsCompleted;
        release.SetResult();
        await held;
        await save;

        Assert.False(savedWhileHeld);
        Assert.Equal(later.UtcTicks, (await saverDb.SandboxClock.AsNoTracking().SingleAsync()).SandboxTicks);
    }
}
