using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Storage.Migrations;

namespace PayAtCounter.Server.Health;

/// <summary>The database answers, and its schema is at the version this server expects.</summary>
public sealed class DatabaseHealthCheck(IServiceScopeFactory scopes, IOptions<StorageOptions> storage) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var provider = storage.Value.Provider;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PayAtCounterDb>();
            var applied = await db.Database.SqlQueryRaw<string>($"SELECT scriptname AS \"Value\" FROM {SchemaMigrations.JournalTable}").ToListAsync(cancellationToken);
            var version = applied.Count == 0 ? 0 : applied.Max(SchemaMigrations.VersionOf);
            var expected = SchemaMigrations.LatestVersion(provider);
            return version == expected
                ? HealthCheckResult.Healthy($"{provider}, schema version {version}")
                : HealthCheckResult.Unhealthy($"{provider}, schema version {version}; this server needs {expected}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The type, not the message: a driver's message can carry a host name or user.
            return HealthCheckResult.Unhealthy($"{provider} unreachable ({ex.GetType().Name})");
        }
    }
}
