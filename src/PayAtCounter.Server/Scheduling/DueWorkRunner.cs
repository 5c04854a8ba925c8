using Microsoft.Extensions.Options;
using PayAtCounter.Engine.Clock;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Engine;
using PayAtCounter.Server.Hosting;
using PayAtCounter.Server.Observability;
using PayAtCounter.Server.PaymentIntents;
using PayAtCounter.Server.Sandbox;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.TerminalSessions;

namespace PayAtCounter.Server.Scheduling;

/// <summary>
/// Runs scheduled transitions whose time has come on the sandbox clock: session steps, then intents' voiding and
/// auto-expiry. Due times are stored with the state they belong to, so a restart simply finds them again; nothing
/// is held in memory.
/// </summary>
public sealed class DueWorkRunner(IServiceScopeFactory scopes, SandboxClock clock, ClockLease lease, IdGenerator ids, SandboxMetrics metrics, PayAtCounterMetrics telemetry, IOptions<SandboxOptions> options, ILogger<DueWorkRunner> logger)
{
    private static readonly DomainError NothingDue = DomainError.Conflict("Nothing is due.");
    // Sessions per batch (one read, one commit): with 10,000 live sessions thousands of steps fall due each
    // second, and fewer, larger commits kept the lag lower than batches of 100 (bench/NOTES.md).
    private const int BatchSize = 500;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Applies everything due now; returns how many transitions ran.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            // Sessions first: their outcomes can make an intent's auto-expiry due.
            var ran = await RunSessionsAsync(services, new Simulation(now, ids, options.Value.TradingName), cancellationToken)
                + await RunIntentsAsync(services, now, cancellationToken);
            await services.GetRequiredService<ClockStore>().KeepAheadAsync();
            return ran;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>The earliest due time of any session step, intent transition or renewal of the clock's lease, or null.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = await scope.ServiceProvider.GetRequiredService<TerminalSessionStore>().NextDueAsync(cancellationToken);
        var intent = await scope.ServiceProvider.GetRequiredService<PaymentIntentStore>().NextDueAsync(cancellationToken);
        var next = new[] { session, intent, lease.RenewAt?.UtcTicks }.Min();
        return next is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
    }

    private async Task<int> RunSessionsAsync(IServiceProvider services, Simulation sim, CancellationToken cancellationToken)
    {
        var sessions = services.GetRequiredService<TerminalSessionStore>();
        var batch = services.GetRequiredService<SessionStepBatch>();
        var ran = 0;
        for (var due = await sessions.FindDueAsync(sim.Now, BatchSize, cancellationToken); due.Count > 0; due = await sessions.FindDueAsync(sim.Now, BatchSize, cancellationToken))
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
        return ran;
    }

    private async Task<int> RunIntentsAsync(IServiceProvider services, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var intents = services.GetRequiredService<PaymentIntentStore>();
        var ran = 0;
        for (var due = await intents.FindDueAsync(now, BatchSize, cancellationToken); due.Count > 0; due = await intents.FindDueAsync(now, BatchSize, cancellationToken))
        {
            var progressed = 0;
            foreach (var (accountId, id) in due)
            {
                // The store applies what is due before any command; the command itself changes nothing.
                progressed += await OneAsync(id, async () => (await intents.UpdateAsync(accountId, id, state => new PaymentIntentChange(state, []), cancellationToken)).Succeeded);
            }
            ran += progressed;
            if (progressed == 0)
            {
                break;
            }
        }
        return ran;
    }

    private void RecordLag(TerminalSessionState session)
    {
        if (session.DueAt is { } dueAt && clock.Speed > 0)
        {
            var lag = (clock.GetUtcNow() - dueAt) / clock.Speed;
            metrics.RecordSchedulerLag(lag);
            telemetry.SchedulerLag(lag);
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
}

/// <summary>The scheduler: runs due work whenever the sandbox clock reaches it.</summary>
public sealed class DueWorkService(DueWorkRunner runner, WorkSignals signals, SandboxClock clock, IOptions<SandboxOptions> options, DataReadiness readiness, ILogger<DueWorkService> logger)
    : ClockedLoop(clock, signals.DueWork, readiness, logger)
{
    private readonly SandboxClock _clock = clock;

    /// <inheritdoc />
    protected override string Name => "Sandbox scheduler";

    /// <inheritdoc />
    protected override TimeSpan LongestWait => options.Value.DueWorkInterval;

    /// <inheritdoc />
    protected override Task RunRoundAsync(CancellationToken cancellationToken)
    {
        // Until it has looked again, anything stored may be due before its plan: requests wake it for anything.
        signals.DueWorkPlanned(null);
        return runner.RunDueAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override Task<DateTimeOffset?> EarliestDueAsync(CancellationToken cancellationToken) => runner.NextDueAsync(cancellationToken);

    /// <inheritdoc />
    protected override async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        var next = await runner.NextDueAsync(cancellationToken);
        // A frozen clock reaches nothing by itself, so then every new step wakes the scheduler.
        signals.DueWorkPlanned(_clock.Speed > 0 ? next : null);
        return next;
    }
}
