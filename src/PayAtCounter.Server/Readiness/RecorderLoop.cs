using Microsoft.Extensions.Options;
using PayAtCounter.Server.Hosting;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Readiness;

/// <summary>
/// Writes recorded requests in batches, as one unit of work each (rows that are only added share the group
/// commit), and prunes them by age and by count per account once a minute.
/// </summary>
public sealed class RecorderLoop(RequestRecorder recorder, StorageWriter writer, IServiceScopeFactory scopes, WallClock wall, IOptions<ReadinessOptions> options,
    DataReadiness readiness, ILogger<RecorderLoop> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await readiness.WhenReadyAsync(stoppingToken))
        {
            return;
        }
        var batch = new List<RecordedRequestRow>(BatchSize);
        var nextPrune = DateTimeOffset.MinValue;
        try
        {
            while (await recorder.Queue.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < BatchSize && recorder.Queue.TryRead(out var row))
                {
                    batch.Add(row);
                }
                await WriteAsync(batch);
                recorder.Stored(batch.Count);
                batch.Clear();
                if (wall.GetUtcNow() >= nextPrune)
                {
                    nextPrune = wall.GetUtcNow() + PruneEvery;
                    await PruneAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // A failed batch is lost, not retried: recording must never hold the API up, and the report counts what it has.
    private async Task WriteAsync(List<RecordedRequestRow> batch)
    {
        try
        {
            var work = new UnitOfWork();
            work.AddRange(batch);
            await writer.CommitAsync(work);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "{Count} recorded requests could not be stored", batch.Count);
        }
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ReadinessStore>().PruneAsync(wall.GetUtcNow() - options.Value.KeepFor, options.Value.MaxRequestsPerAccount, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Pruning recorded requests failed; trying again in a minute");
        }
    }
}
