using Microsoft.EntityFrameworkCore;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Dashboard;
using PayAtCounter.Server.PaymentIntents;
using PayAtCounter.Server.Readiness;
using PayAtCounter.Server.Sandbox;
using PayAtCounter.Server.Terminals;
using PayAtCounter.Server.TerminalSessions;
using PayAtCounter.Server.Webhooks;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// The database, for reads and for the schema. Its model is the one description of every table: each feature's
/// row class with its table configuration beside it (<c>XxxTable : IEntityTypeConfiguration</c>), which the writer
/// (<see cref="TableShape"/>), the compiled model and both providers' schemas all follow. It writes nothing itself:
/// every change is a <see cref="UnitOfWork"/> committed by <see cref="StorageWriter"/>. Provider-neutral: the
/// provider is chosen in <see cref="StorageSetup"/>.
/// </summary>
public sealed class PayAtCounterDb(DbContextOptions<PayAtCounterDb> options) : DbContext(options)
{
    /// <summary>Accounts.</summary>
    public DbSet<AccountRow> Accounts => Set<AccountRow>();
    /// <summary>Payment intents.</summary>
    public DbSet<PaymentIntentRow> PaymentIntents => Set<PaymentIntentRow>();
    /// <summary>Refunds.</summary>
    public DbSet<RefundRow> Refunds => Set<RefundRow>();
    /// <summary>Virtual terminals.</summary>
    public DbSet<TerminalRow> Terminals => Set<TerminalRow>();
    /// <summary>Terminal sessions.</summary>
    public DbSet<TerminalSessionRow> TerminalSessions => Set<TerminalSessionRow>();
    /// <summary>Webhook subscriptions.</summary>
    public DbSet<WebhookSubscriptionRow> WebhookSubscriptions => Set<WebhookSubscriptionRow>();
    /// <summary>Webhook deliveries.</summary>
    public DbSet<WebhookDeliveryRow> WebhookDeliveries => Set<WebhookDeliveryRow>();
    /// <summary>The persisted sandbox clock.</summary>
    public DbSet<SandboxClockRow> SandboxClock => Set<SandboxClockRow>();
    /// <summary>Outgoing events.</summary>
    public DbSet<OutboxEventRow> OutboxEvents => Set<OutboxEventRow>();
    /// <summary>Requests recorded for the readiness inspector.</summary>
    public DbSet<RecordedRequestRow> RecordedRequests => Set<RecordedRequestRow>();
    /// <summary>Readiness runs.</summary>
    public DbSet<ReadinessRunRow> ReadinessRuns => Set<ReadinessRunRow>();
    /// <summary>The keys that protect the dashboard's cookies.</summary>
    public DbSet<DataProtectionKeyRow> DataProtectionKeys => Set<DataProtectionKeyRow>();
    /// <summary>Named snapshots of sandbox accounts' worlds.</summary>
    public DbSet<Scenarios.SnapshotRow> Snapshots => Set<Scenarios.SnapshotRow>();
    /// <summary>Sandbox fault rules.</summary>
    public DbSet<Scenarios.FaultRuleRow> FaultRules => Set<Scenarios.FaultRuleRow>();
    /// <summary>Sandbox rules on webhook deliveries.</summary>
    public DbSet<Webhooks.DeliveryRuleRow> DeliveryRules => Set<Webhooks.DeliveryRuleRow>();

    /// <inheritdoc />
    public override int SaveChanges(bool acceptAllChangesOnSuccess) => throw WritesGoThroughTheUnitOfWork();

    /// <inheritdoc />
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) => throw WritesGoThroughTheUnitOfWork();

    // A save here would skip what every write must do: SQLite's writer turn, marking unwatched events, waking the
    // loops, updating the caches.
    private static InvalidOperationException WritesGoThroughTheUnitOfWork()
        => new("PayAtCounterDb is for reads: stage the change in a UnitOfWork and commit it with StorageWriter.");

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PayAtCounterDb).Assembly);
        if (Database.IsNpgsql())
        {
            // Pages are ordered by id as a tie-break, in ordinal order on SQLite; the C collation gives
            // PostgreSQL the same order whatever the server's locale.
            foreach (var text in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()).Where(p => p.ClrType == typeof(string)))
            {
                text.SetCollation("C");
            }
        }
    }
}
