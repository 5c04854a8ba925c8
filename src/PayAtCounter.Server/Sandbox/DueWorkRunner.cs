using PayAtCounter.Engine;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Sandbox;

/// <summary>
/// Runs scheduled transitions whose time has come on the sandbox clock. Due times are stored with the
/// state they belong to, so a restart simply finds them again; nothing is held in memory.
/// </summary>
public sealed class DueWorkRunner(IServiceScopeFactory scopes, TimeProvider clock)
{
    private const int BatchSize = 100;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Applies everything due now; returns how many transitions ran.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            var ran = 0;
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<PaymentIntentStore>();
            while (true)
            {
                var due = await store.FindDueAsync(now, BatchSize, cancellationToken);
                foreach (var (accountId, id) in due)
                {
                    var outcome = await store.UpdateAsync(accountId, id,
                        state => PaymentIntentCommands.RunDue(state, now) is { } change ? change : DomainError.Conflict("Nothing is due."),
                        cancellationToken);
                    ran += outcome.Succeeded ? 1 : 0;
                }
                if (due.Count < BatchSize)
                {
                    return ran;
                }
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}

/// <summary>Polls for due work in the background; one failed round is logged and the next one runs.</summary>
public sealed class DueWorkService(DueWorkRunner runner, Microsoft.Extensions.Options.IOptions<SandboxOptions> options, ILogger<DueWorkService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time on purpose: this only decides how often to look; what is due is read from the sandbox clock.
        using var timer = new PeriodicTimer(options.Value.DueWorkInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await runner.RunDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Running due work failed; trying again on the next tick");
            }
        }
    }
}
