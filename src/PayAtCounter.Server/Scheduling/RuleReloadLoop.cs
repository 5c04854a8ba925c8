using Microsoft.Extensions.Options;
using PayAtCounter.Server.Hosting;
using PayAtCounter.Server.Readiness;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Scheduling;

/// <summary>
/// Keeps rules that live in the database (sandbox fault rules, webhook delivery rules) in memory: reads them when a
/// change here signals, when the first one expires, and every second on PostgreSQL, where another instance may have
/// changed them. SQLite is one instance's file, so there only its own changes and expiries matter.
/// </summary>
public abstract class RuleReloadLoop(Signal changed, IServiceScopeFactory scopes, WallClock wall, IOptions<StorageOptions> storage, DataReadiness readiness, ILogger logger)
    : BackgroundService
{
    /// <summary>Real time, which rules expire by.</summary>
    protected WallClock Wall { get; } = wall;

    /// <summary>What the rules are, for the log.</summary>
    protected abstract string What { get; }

    /// <summary>When the first rule in memory expires, real time; null for none.</summary>
    protected abstract DateTimeOffset? NextExpiry { get; }

    /// <summary>Reads the rules again.</summary>
    protected abstract Task ReloadAsync(IServiceProvider services, CancellationToken cancellationToken);

    /// <inheritdoc />
    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await readiness.WhenReadyAsync(stoppingToken))
        {
            return;
        }
        var poll = storage.Value.Provider == StorageProvider.Postgres ? TimeSpan.FromSeconds(1) : Timeout.InfiniteTimeSpan;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await ReloadAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Not at once: an expiry already past would make every round retry straight away, through an outage.
                logger.LogError(ex, "Reading the {What} failed; trying again in a second or on the next change", What);
                await changed.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
                continue;
            }
            await changed.WaitAsync(UntilNext(poll, NextExpiry, Wall.GetUtcNow()), stoppingToken);
        }
    }

    /// <summary>The poll interval, or less when a rule expires sooner (a little after it, so it is gone when read).</summary>
    internal static TimeSpan UntilNext(TimeSpan poll, DateTimeOffset? expiry, DateTimeOffset now)
    {
        if (expiry is not { } at)
        {
            return poll;
        }
        var until = at - now + TimeSpan.FromMilliseconds(10);
        until = until < TimeSpan.Zero ? TimeSpan.Zero : until;
        return poll == Timeout.InfiniteTimeSpan || until < poll ? until : poll;
    }
}
