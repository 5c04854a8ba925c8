using PayAtCounter.Engine;
using PayAtCounter.Engine.Clock;
using PayAtCounter.Server.Hosting;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Sandbox;

/// <summary>
/// Runs scheduled transitions whose time has come on the sandbox clock. Due times are stored with the
/// state they belong to, so a restart simply finds them again; nothing is held in memory.
/// </summary>
public sealed class DueWorkRunner(IServiceScopeFactory scopes, SandboxClock clock, IdGenerator ids, SandboxMetrics metrics, Microsoft.Extensions.Options.IOptions<SandboxOptions> options, ILogger<DueWorkRunner> logger)
{
    private static readonly DomainError NothingDue = DomainError.Conflict("Nothing is due.");
    // Sessions per batch (one read, one commit): with 10,000 live sessions thousands of steps fall due each
    // second, and fewer, larger commits kept the lag lower than batches of 100 (bench/NOTES.md).
    private const int BatchSize = 500;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    private void RecordLag(TerminalSessionState session)
    {
        if (session.DueAt is { } dueAt && clock.Speed > 0)
        {
            metrics.RecordSchedulerLag((clock.GetUtcNow() - dueAt) / clock.Speed);
        }
    }

    // One item that fails (a bug, a corrupt row) is logged and skipped; it must not stop every other session.
    private async Task<int> OneAsync(string id, Func<Task<bool>> run)
    {
        try
        {
            return await run() ? 1 : 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Scheduled work for {Id} failed; skipping it this round", id);
            return 0;
        }
    }

    /// <summary>Applies everything due now; returns how many transitions ran.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            var ran = 0;
            await using var scope = scopes.CreateAsyncScope();
            var sessions = scope.ServiceProvider.GetRequiredService<TerminalSessionStore>();
            var batch = scope.ServiceProvider.GetRequiredService<SessionStepBatch>();
            var sim = new Simulation(now, ids, options.Value.TradingName);
            // Sessions first: their outcomes can make an intent's auto-expiry due.
            for (var due = await sessions.FindDueAsync(now, BatchSize, cancellationToken); due.Count > 0; due = await sessions.FindDueAsync(now, BatchSize, cancellationToken))
            {
                int? progressed;
                try
                {
                    progressed = await batch.RunAsync(due.Select(d => d.Id).ToList(), sim, RecordLag, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "A batch of session steps failed; running them one by one");
                    progressed = null;
                }
                if (progressed is null)
                {
                    // A concurrent change or a failing session: go one by one, so only the failing one is skipped.
                    progressed = 0;
                    foreach (var (accountId, id) in due)
                    {
                        progressed += await OneAsync(id, async () => (await sessions.ApplyAsync(accountId, id, catchUp: null,
                            world => TerminalSessionCommands.RunDue(world, sim) is { } change ? change : NothingDue, cancellationToken)).Succeeded);
                    }
                }
                ran += progressed.Value;
                if (progressed == 0)
                {
                    break;
                }
            }
            var intents = scope.ServiceProvider.GetRequiredService<PaymentIntentStore>();
            for (var due = await intents.FindDueAsync(now, BatchSize, cancellationToken); due.Count > 0; due = await intents.FindDueAsync(now, BatchSize, cancellationToken))
            {
                var progressed = 0;
                foreach (var (accountId, id) in due)
                {
                    // The store applies what is due before any command; nothing more to do here.
                    progressed += await OneAsync(id, async () => (await intents.UpdateAsync(accountId, id, state => new PaymentIntentChange(state, []), cancellationToken)).Succeeded);
                }
                ran += progressed;
                if (progressed == 0)
                {
                    break;
                }
            }
            if (ran > 0)
            {
                await ClockStore.SaveAsync(scope.ServiceProvider.GetRequiredService<PayAtCounterDb>(), now, cancellationToken);
            }
            return ran;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}

/// <summary>
/// Runs due work in the background: it sleeps until the next due time (scaled to real time by the clock
/// speed) or until new work is scheduled, never longer than <see cref="SandboxOptions.DueWorkInterval"/>.
/// One failed round is logged and the next one runs. It runs on <see cref="OwnThread"/>, so a terminal's
/// timeline keeps time while the API is busy.
/// </summary>
public sealed class DueWorkService(
    DueWorkRunner runner,
    WorkSignals signals,
    IServiceScopeFactory scopes,
    SandboxClock clock,
    Microsoft.Extensions.Options.IOptions<SandboxOptions> options,
    DataReadiness readiness,
    ILogger<DueWorkService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => OwnThread.Run("Sandbox scheduler", () => RunAsync(stoppingToken));

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!await readiness.WhenReadyAsync(stoppingToken))
        {
            return;
        }
        var longest = options.Value.DueWorkInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = longest;
            try
            {
                signals.DueWorkPlanned(null);
                using (WriterGate.WithPriority())
                {
                    await runner.RunDueAsync(stoppingToken);
                }
                wait = await UntilNextDueAsync(longest, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Running due work failed; trying again on the next round");
            }
            await signals.DueWork.WaitAsync(wait, stoppingToken);
        }
    }

    private async Task<TimeSpan> UntilNextDueAsync(TimeSpan longest, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var next = await scope.ServiceProvider.GetRequiredService<PayAtCounterDb>().NextDueAsync(cancellationToken);
        // A frozen clock reaches nothing by itself, so then every new step wakes the scheduler.
        signals.DueWorkPlanned(clock.Speed > 0 ? next : null);
        if (next is null || clock.Speed <= 0)
        {
            return longest;
        }
        var real = TimeSpan.FromTicks((long)((next.Value - clock.GetUtcNow()).Ticks / clock.Speed));
        return real <= TimeSpan.Zero ? TimeSpan.Zero : real < longest ? real : longest;
    }
}

